import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET_KIB } from '../../../infra/bundleBudgets.ts';
import {
  LAMBDA_ENTRIES,
  type LambdaName,
  lambdaBuildOptions,
  startupOutputs,
} from '../../../infra/bundling.ts';

/* Each Lambda bundle, built by the same esbuild options the CDK stack deploys (split: index.mjs, the chunks it imports
 * at start, the chunks behind dynamic imports), within its size budgets, free of the heavy modules that have crept
 * into Lambda bundles before, with source maps, and loadable by Node 22 as ESM. */

const names = Object.keys(LAMBDA_ENTRIES) as LambdaName[];

describe.each(names)('the %s bundle', (name) => {
  const out = mkdtempSync(join(tmpdir(), `pacs-bundle-${name}-`));
  const built = build(lambdaBuildOptions(name, out));
  const file = join(out, 'index.mjs');

  it('stays within its size budgets (what a cold start loads, and every file)', async () => {
    const { metafile } = await built;
    const kib = (files: string[]) => files.reduce((sum, f) => sum + metafile!.outputs[f]!.bytes, 0) / 1024;
    const startup = kib(startupOutputs(metafile!));
    const total = kib(Object.keys(metafile!.outputs).filter((f) => f.endsWith('.mjs')));
    expect(startup).toBeGreaterThan(50); // a real bundle, not an empty stub
    expect(startup).toBeLessThanOrEqual(BUNDLE_BUDGET_KIB[name].startup);
    expect(total).toBeLessThanOrEqual(BUNDLE_BUDGET_KIB[name].total);
    expect(statSync(file).size).toBe(metafile!.outputs[startupOutputs(metafile!)[0]!]!.bytes);
  });

  it("carries none of zod's locales, X-Ray or tsx (only what the handler needs)", async () => {
    const { metafile } = await built;
    const shipped = Object.values(metafile!.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, v]) => v.bytesInOutput > 0)
        .map(([k]) => k),
    );
    expect(
      shipped.filter((p) => /zod\/v4\/locales\/(?!en\.|index\.)|aws-xray-sdk|node_modules\/tsx\//.test(p)),
    ).toEqual([]);
    expect(shipped.some((p) => p.startsWith('functions/'))).toBe(true);
  });

  it('takes http and crypto from Node without an ES facade (it would run every lazy getter: undici, Web Crypto)', async () => {
    const { metafile } = await built;
    const esImports = Object.values(metafile!.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path),
    );
    expect(esImports.filter((p) => /^(node:)?(http|crypto)$/.test(p))).toEqual([]);
  });

  it('has a source map of mappings only (stack traces, not a copy of the sources)', async () => {
    await built;
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
    expect(map.mappings.length).toBeGreaterThan(1000);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('loads in a fresh Node process as an ES module and exports an async handler', async () => {
    await built;
    const script = `const m = await import(${JSON.stringify(file)}); process.stdout.write(typeof m.handler);`;
    const type = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(type).toBe('function');
  });
});

describe('the api bundle in AWS Lambda', () => {
  const out = mkdtempSync(join(tmpdir(), 'pacs-bundle-api-stack-'));
  const built = build(lambdaBuildOptions('api', out));

  it('logs an error with its stack in the TypeScript sources, without --enable-source-maps', async () => {
    await built;
    // A function deployed without its settings answers 503 and logs why, with the stack.
    const script = `const m = await import(${JSON.stringify(join(out, 'index.mjs'))});
      const r = await m.handler({ version: '2.0', rawPath: '/v1/health', headers: {},
        requestContext: { http: { method: 'GET', path: '/v1/health' }, requestId: 'stack-test' } });
      process.stdout.write('STATUS ' + r.statusCode + '\\n');`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        AWS_LAMBDA_FUNCTION_NAME: 'pacs-api-test',
        AWS_REGION: 'eu-west-2',
      },
    });
    const stdout = `${run.stdout}\n${run.stderr}`; // Powertools writes errors to stderr
    expect(stdout).toContain('STATUS 503');
    const logged = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { message?: string; error?: { stack?: string; location?: string } })
      .find((l) => l.message === 'answered 503');
    const stack = logged?.error?.stack ?? '';
    expect(stack.split('\n')[1]).toMatch(/functions\/env\.ts:\d+:\d+\)$/);
    expect(stack).not.toMatch(/index\.mjs:\d+/);
    expect(logged?.error?.location).toMatch(/functions\/env\.ts:\d+$/);
  });
});

describe('the api bundle at a cold start', () => {
  const out = mkdtempSync(join(tmpdir(), 'pacs-bundle-api-start-'));
  const built = build(lambdaBuildOptions('api', out));

  it('loads no Step Functions, S3 or Secrets Manager client (they are behind the first simulation or listing)', async () => {
    const { metafile } = await built;
    const atStart = startupOutputs(metafile!).flatMap((f) =>
      Object.entries(metafile!.outputs[f]!.inputs)
        .filter(([, v]) => v.bytesInOutput > 0)
        .map(([k]) => k),
    );
    expect(atStart.some((p) => p.includes('client-dynamodb'))).toBe(true);
    expect(atStart.filter((p) => /client-(sfn|s3|secrets-manager)\//.test(p))).toEqual([]);
    const everywhere = Object.values(metafile!.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(everywhere.some((p) => p.includes('client-sfn/'))).toBe(true); // still shipped, in a chunk
  });
});
