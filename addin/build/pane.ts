// The task pane's bundle (React 19 + Fluent UI v9 + addin/src/pane): pane.js, loaded by taskpane.html after the
// shared runtime's functions.js, and the example scenarios the pane offers. buildAddin builds it with the rest of
// the add-in; the bundle-size test builds it alone.
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface PaneBundle {
  /** Bytes of pane.js, raw and gzipped (what the pane costs to load). */
  bytes: number;
  gzipBytes: number;
  /** Minified bytes of the bundle by package (the size test prints them when over budget). */
  byPackage: Record<string, number>;
}

/** esbuild's options for pane.js in `outDir`. `defaultApiUrl` serves a pane opened without the shared runtime
 *  (it then signs in on its own against that service). */
export function paneBuildOptions(
  outDir: string,
  options: { minify?: boolean; defaultApiUrl?: string | undefined } = {},
): BuildOptions & { metafile: true } {
  return {
    entryPoints: [join(root, 'addin/src/pane/main.tsx')],
    bundle: true,
    minify: options.minify ?? true,
    format: 'iife',
    platform: 'browser',
    // Office's webviews: WebView2 (Chromium) on Windows, WKWebView on Mac, browsers on the web.
    target: ['es2020', 'chrome100', 'safari15'],
    jsx: 'automatic',
    outfile: join(outDir, 'pane.js'),
    metafile: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'silent',
    define: {
      'process.env.NODE_ENV': '"production"',
      __PACS_DEFAULT_API__: JSON.stringify(options.defaultApiUrl ?? 'http://127.0.0.1:3001'),
    },
  };
}

/** The example scenarios the pane offers ("start from an example"), served beside it. */
export function copyExamples(outDir: string): void {
  mkdirSync(join(outDir, 'examples'), { recursive: true });
  for (const f of readdirSync(join(root, 'examples')).filter((n) => n.endsWith('.json')))
    copyFileSync(join(root, 'examples', f), join(outDir, 'examples', f));
}

/** Builds pane.js alone and measures it. */
export async function buildPaneBundle(outDir: string): Promise<PaneBundle> {
  mkdirSync(outDir, { recursive: true });
  const result = await build(paneBuildOptions(outDir));
  const js = readFileSync(join(outDir, 'pane.js'));
  const byPackage: Record<string, number> = {};
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  for (const [input, info] of Object.entries(output?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? m[1]! : input.startsWith('shared/') ? 'shared (ours)' : 'addin (ours)';
    byPackage[key] = (byPackage[key] ?? 0) + info.bytesInOutput;
  }
  return { bytes: js.length, gzipBytes: gzipSync(js, { level: 9 }).length, byPackage };
}
