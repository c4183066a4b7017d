import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET_KIB } from '../../../infra/bundleBudgets.ts';
import { LAMBDA_ENTRIES, type LambdaName, lambdaBuildOptions } from '../../../infra/bundling.ts';

/* Each Lambda bundle, built by the same esbuild options the CDK stack deploys, within its size budget, free of the
 * heavy modules that have crept into Lambda bundles before, with a source map, and loadable by Node 22 as ESM. */

const names = Object.keys(LAMBDA_ENTRIES) as LambdaName[];

describe.each(names)('the %s bundle', (name) => {
  const out = mkdtempSync(join(tmpdir(), `pacs-bundle-${name}-`));
  const built = build(lambdaBuildOptions(name, out));
  const file = join(out, 'index.mjs');

  it('stays within its size budget', async () => {
    await built;
    const kib = statSync(file).size / 1024;
    expect(kib).toBeGreaterThan(50); // a real bundle, not an empty stub
    expect(kib).toBeLessThanOrEqual(BUNDLE_BUDGET_KIB[name]);
  });

  it("carries none of zod's locales, X-Ray or tsx (only what the handler needs)", async () => {
    const { metafile } = await built;
    const output = Object.entries(metafile!.outputs).find(([k]) => k.endsWith('index.mjs'))![1];
    const shipped = Object.entries(output.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([k]) => k);
    expect(
      shipped.filter((p) => /zod\/v4\/locales\/(?!en\.|index\.)|aws-xray-sdk|node_modules\/tsx\//.test(p)),
    ).toEqual([]);
    expect(shipped.some((p) => p.startsWith('functions/'))).toBe(true);
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
