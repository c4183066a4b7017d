import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Lambda entry points, bundled as the CDK stack will bundle them (ESM, minified, AWS SDK included). */
export const HANDLER_ENTRIES = ['functions/api.ts'];

/** Median wall time of `runs` fresh node processes importing `file` (ms). */
function coldImportMs(file: string, runs = 7): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
  const times = Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })),
  ).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

export async function benchBundles(): Promise<Record<string, number | string>> {
  const out = mkdtempSync(join(tmpdir(), 'pacs-bundles-'));
  const empty = join(out, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const figures: Record<string, number | string> = {
    'baseline: import of an empty module, ms': round(coldImportMs(empty)),
  };
  for (const entry of HANDLER_ENTRIES) {
    const file = join(out, `${entry.replaceAll('/', '_').replace(/\.ts$/, '')}.mjs`);
    await build({
      entryPoints: [join(root, entry)],
      outfile: file,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: { js: "import{createRequire}from'module';const require=createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    const ms = coldImportMs(file);
    figures[`${entry}: minified KB (goal < 600)`] = Math.round(statSync(file).size / 1024);
    figures[`${entry}: cold import ms (goal < 150)`] = round(ms);
  }
  return figures;
}

const round = (x: number) => Math.round(x * 10) / 10;
