import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/* The simulation worker as one pre-built JavaScript file, so a worker starts by loading plain JavaScript (a few
 * ms) rather than transpiling TypeScript through tsx (about a second). `npm install` builds it (the `prepare`
 * script: scripts/build-worker.ts); the pool also calls workerBundle() before starting workers, which rebuilds it
 * when it is missing or older than any source it was built from (esbuild's metafile lists them), so an edited
 * kernel is never run stale. Build output lives in dist/ (not committed). */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
export const WORKER_BUNDLE = join(ROOT, 'dist', 'simulation-worker.mjs');
const META = join(ROOT, 'dist', 'simulation-worker.meta.json');

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Number.NaN;
  }
}

/** True when the bundle exists and no source it was built from changed after it. */
export function bundleIsFresh(): boolean {
  const built = mtime(WORKER_BUNDLE);
  if (!(built > 0)) return false;
  let inputs: string[];
  try {
    inputs = Object.keys((JSON.parse(readFileSync(META, 'utf8')) as { inputs: object }).inputs);
  } catch {
    return false;
  }
  return inputs.every((f) => mtime(resolve(ROOT, f)) <= built);
}

/** Builds the bundle (esbuild, loaded only when a build is needed). Written beside its final name and renamed,
 *  so processes building at the same moment never read half a file. */
export async function buildWorkerBundle(): Promise<string> {
  const { build } = await import('esbuild');
  await mkdir(dirname(WORKER_BUNDLE), { recursive: true });
  const result = await build({
    entryPoints: [ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const tag = `${process.pid}.${Date.now()}`;
  writeFileSync(`${META}.${tag}`, JSON.stringify(result.metafile));
  writeFileSync(`${WORKER_BUNDLE}.${tag}`, result.outputFiles[0]!.contents);
  renameSync(`${META}.${tag}`, META);
  renameSync(`${WORKER_BUNDLE}.${tag}`, WORKER_BUNDLE);
  return WORKER_BUNDLE;
}

let pending: Promise<string> | null = null;

/** The path of an up-to-date worker bundle, building it first if needed (once per process at a time). */
export function workerBundle(): Promise<string> {
  if (bundleIsFresh()) return Promise.resolve(WORKER_BUNDLE);
  pending ??= buildWorkerBundle().finally(() => {
    pending = null;
  });
  return pending;
}
