import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ENTRIES, type LambdaName, lambdaBuildOptions, startupOutputs } from '../infra/bundling.ts';

/** Lambda entry points, bundled exactly as the CDK stack bundles them (infra/bundling.ts). */
export const HANDLER_ENTRIES = Object.keys(LAMBDA_ENTRIES) as LambdaName[];

/** Median wall time of `runs` fresh node processes importing `file` (ms). */
function coldImportMs(file: string, runs = 7): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
  const times = Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })),
  ).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

export async function benchBundles(): Promise<{
  figures: Record<string, number | string>;
  failures: string[];
}> {
  const out = mkdtempSync(join(tmpdir(), 'pacs-bundles-'));
  const empty = join(out, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const figures: Record<string, number | string> = {
    'baseline: import of an empty module, ms': round(coldImportMs(empty)),
  };
  const failures: string[] = [];
  for (const entry of HANDLER_ENTRIES) {
    const dir = join(out, entry);
    const { metafile } = await build(lambdaBuildOptions(entry, dir));
    const file = join(dir, 'index.mjs');
    const ms = coldImportMs(file);
    // Split bundles: what a cold start loads (index.mjs and its static chunks), and every file of the asset.
    const kib = (files: string[]) =>
      Math.round(files.reduce((a, f) => a + metafile!.outputs[f]!.bytes, 0) / 1024);
    const all = Object.keys(metafile!.outputs).filter((f) => f.endsWith('.mjs'));
    const atStart = kib(startupOutputs(metafile!));
    figures[`${LAMBDA_ENTRIES[entry]}: minified KB loaded at start / all (goal < 600 at start)`] =
      `${atStart} / ${kib(all)}`;
    figures[`${LAMBDA_ENTRIES[entry]}: cold import ms (goal < 150)`] = round(ms);
    if (atStart >= 600) failures.push(`${LAMBDA_ENTRIES[entry]} loads ${atStart} KB at start (goal < 600)`);
    if (ms >= 150) failures.push(`${LAMBDA_ENTRIES[entry]} imports in ${round(ms)} ms (goal < 150)`);
  }
  return { figures, failures };
}

const round = (x: number) => Math.round(x * 10) / 10;
