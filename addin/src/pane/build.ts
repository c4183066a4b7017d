// Builds the task pane: one minified esbuild bundle (React 19 + Fluent UI v9 + the pane), its HTML page and the
// example scenarios it offers, into addin/dist/pane. `npm run build:pane`; tests call buildPane() directly.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
export const PANE_DIST = join(root, 'addin', 'dist', 'pane');

export interface PaneBuild {
  outdir: string;
  /** Bytes of the JavaScript bundle, raw and gzipped (what the pane costs to load). */
  bytes: number;
  gzipBytes: number;
  /** Minified bytes of the bundle by package (the size test prints them when over budget). */
  byPackage: Record<string, number>;
}

/** The default API origin baked into the bundle; `?api=` on the page URL overrides it (tests, other ports). */
const DEFAULT_API = process.env.PACS_API_URL ?? 'http://127.0.0.1:3001';

export async function buildPane(outdir = PANE_DIST): Promise<PaneBuild> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'main.tsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'edge110', 'safari16'],
    jsx: 'automatic',
    outfile: join(outdir, 'pane.js'),
    metafile: true,
    legalComments: 'external',
    logLevel: 'silent',
    define: {
      'process.env.NODE_ENV': '"production"',
      __PACS_DEFAULT_API__: JSON.stringify(DEFAULT_API),
    },
  });
  copyFileSync(join(here, 'taskpane.html'), join(outdir, 'taskpane.html'));
  const examples = join(root, 'examples');
  mkdirSync(join(outdir, 'examples'), { recursive: true });
  for (const f of readdirSync(examples).filter((n) => n.endsWith('.json')))
    copyFileSync(join(examples, f), join(outdir, 'examples', f));

  const js = readFileSync(join(outdir, 'pane.js'));
  const byPackage: Record<string, number> = {};
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  for (const [input, info] of Object.entries(output?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? m[1]! : input.startsWith('shared/') ? 'shared (ours)' : 'addin (ours)';
    byPackage[key] = (byPackage[key] ?? 0) + info.bytesInOutput;
  }
  return { outdir, bytes: js.length, gzipBytes: gzipSync(js, { level: 9 }).length, byPackage };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const b = await buildPane();
  writeFileSync(join(b.outdir, 'build.json'), `${JSON.stringify(b, null, 2)}\n`);
  process.stdout.write(
    `pane built in ${b.outdir}: ${(b.bytes / 1024).toFixed(0)} KB, ${(b.gzipBytes / 1024).toFixed(1)} KB gzipped\n`,
  );
}
