import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/* The real thing: the pinned CDK CLI synthesises the app from infra/cdk.json, bundling every function with the
 * local esbuild, with no network at all where the machine allows a private network namespace (unshare -rn), and
 * never Docker. */

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cdk = join(root, 'node_modules', '.bin', 'cdk');
const offline = spawnSync('unshare', ['-rn', 'true']).status === 0;

function run(args: string[]) {
  const command = offline ? 'unshare' : cdk;
  const argv = offline ? ['-rn', cdk, ...args] : args;
  return spawnSync(command, argv, {
    cwd: join(root, 'infra'),
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      // No Docker on PATH: a fall-back to Docker bundling would fail loudly.
      CDK_DOCKER: 'docker-is-not-used',
    },
    timeout: 170_000,
  });
}

describe('cdk synth (the pinned CLI, real bundling)', () => {
  it('uses the CLI release that reads this aws-cdk-lib (2.1148.x, not 3.x)', () => {
    const v = spawnSync(cdk, ['--version'], { encoding: 'utf8' });
    expect(v.stdout).toMatch(/^2\.1148\./);
  });

  it(`synthesises with every function bundled${offline ? ', with no network' : ''}`, () => {
    const out = mkdtempSync(join(tmpdir(), 'pacs-cdk-out-'));
    const r = run(['synth', '--no-notices', '-q', '-o', out]);
    expect(r.stderr + r.stdout).not.toMatch(/docker/i);
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.missing).toBeUndefined(); // no context lookups (they would need AWS credentials)
    const template = JSON.parse(readFileSync(join(out, 'PacsCapitation-example.template.json'), 'utf8'));
    type Resource = { Type: string; Properties: Record<string, unknown> & { Code?: { S3Key: string } } };
    const functions = Object.values(template.Resources as Record<string, Resource>).filter(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        (r.Properties.Environment as { Variables?: Record<string, string> })?.Variables
          ?.POWERTOOLS_SERVICE_NAME,
    );
    expect(functions).toHaveLength(4);
    const assets = JSON.parse(readFileSync(join(out, 'PacsCapitation-example.assets.json'), 'utf8')).files;
    for (const fn of functions) {
      const key = fn.Properties.Code!.S3Key;
      const asset = assets[key.replace(/\.zip$/, '')];
      const dir = join(out, asset.source.path);
      const files = readdirSync(dir).sort();
      // The API carries the published practice data PACS.NEEDINDEX reads (functions/data).
      expect(files.filter((f) => f !== 'gp-practice-weighted-populations-2024-25.csv')).toEqual([
        'chunks',
        'index.mjs',
        'index.mjs.map',
      ]);
      expect(statSync(join(dir, 'index.mjs')).size).toBeGreaterThan(100_000);
      // The bundle is split: every chunk a file imports (statically or not) is in the asset beside it.
      for (const file of ['index.mjs', ...readdirSync(join(dir, 'chunks')).map((c) => `chunks/${c}`)]) {
        if (!file.endsWith('.mjs')) continue;
        const text = readFileSync(join(dir, file), 'utf8');
        for (const [, rel] of text.matchAll(/(?:from|import\()\s*"(\.\.?\/[^"]+\.mjs)"/g))
          expect(existsSync(join(dir, file, '..', rel!)), `${file} imports ${rel}`).toBe(true);
      }
    }
    // Each function its own bundle (the API's serves /v1/calc; the chunk runner's does not).
    expect(new Set(functions.map((f) => f.Properties.Code!.S3Key)).size).toBe(4);
    const code = (fn: Resource) =>
      readFileSync(
        join(out, assets[fn.Properties.Code!.S3Key.replace(/\.zip$/, '')].source.path, 'index.mjs'),
        'utf8',
      );
    const withCalc = functions.filter((fn) => code(fn).includes('/v1/calc'));
    expect(withCalc).toHaveLength(1);
    const api = join(out, assets[withCalc[0]!.Properties.Code!.S3Key.replace(/\.zip$/, '')].source.path);
    expect(readdirSync(api)).toContain('gp-practice-weighted-populations-2024-25.csv');
    // cdk-nag ran and reported nothing unacknowledged (an error would also have failed the synth).
    expect(JSON.parse(readFileSync(join(out, 'validation-report.json'), 'utf8')).pluginReports).toEqual([]);
  }, 180_000);

  it('looks nothing up in an AWS account', () => {
    const sources = readdirSync(join(root, 'infra'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(root, 'infra', f), 'utf8'));
    expect(sources.filter((s) => /fromLookup|\.lookup\(|valueFromLookup/.test(s))).toEqual([]);
  });
});
