import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Plugin, build } from 'esbuild';
import { RuntimeConfig, type RuntimeConfigInput } from '../src/runtime/config.ts';
import { functionsMetadata } from './functionsJson.ts';

const addinDir = fileURLToPath(new URL('..', import.meta.url));

export interface AddinBuildOptions {
  /** Written afresh: public files, functions.js, functions.json (and auth-dialog.* for Entra ID builds). */
  outDir: string;
  config: RuntimeConfigInput;
  minify?: boolean;
}

export interface AddinBuild {
  outDir: string;
  files: string[];
  /** Bytes of functions.js. */
  bundleBytes: number;
}

/** Development builds never load MSAL: the runtime's MSAL factory is swapped for a stub. */
const withoutMsal: Plugin = {
  name: 'pacs-without-msal',
  setup(b) {
    b.onResolve({ filter: /\/msal\.ts$/ }, (args) => ({ path: join(args.resolveDir, 'msal.dev.ts') }));
  },
};

/** Builds the add-in's served files: the runtime bundle (office.js stays on Microsoft's CDN, never bundled),
 *  functions.json from the catalogue, and the static pages and icons of addin/public. */
export async function buildAddin(options: AddinBuildOptions): Promise<AddinBuild> {
  const config = RuntimeConfig.parse(options.config);
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  cpSync(join(addinDir, 'public'), options.outDir, { recursive: true });
  const common = {
    bundle: true,
    format: 'iife' as const,
    platform: 'browser' as const,
    // Office's webviews: WebView2 (Chromium) on Windows, WKWebView on Mac, browsers on the web.
    target: ['es2020', 'chrome100', 'safari15'],
    minify: options.minify ?? true,
    sourcemap: 'linked' as const,
    legalComments: 'linked' as const,
    define: { __PACS_CONFIG__: JSON.stringify(config) },
    logLevel: 'silent' as const,
  };
  const result = await build({
    ...common,
    entryPoints: [join(addinDir, 'src/runtime/main.ts')],
    outfile: join(options.outDir, 'functions.js'),
    metafile: true,
    plugins: config.auth.mode === 'entra' ? [] : [withoutMsal],
  });
  if (config.auth.mode === 'entra') {
    await build({
      ...common,
      entryPoints: [join(addinDir, 'src/runtime/authDialog.ts')],
      outfile: join(options.outDir, 'auth-dialog.js'),
    });
    writeFileSync(join(options.outDir, 'auth-dialog.html'), AUTH_DIALOG_HTML);
  }
  writeFileSync(join(options.outDir, 'functions.json'), `${JSON.stringify(functionsMetadata(), null, 2)}\n`);
  const bundle = Object.entries(result.metafile.outputs).find(([f]) => f.endsWith('functions.js'));
  return {
    outDir: options.outDir,
    files: ['functions.js', 'functions.json', ...(config.auth.mode === 'entra' ? ['auth-dialog.html'] : [])],
    bundleBytes: bundle?.[1].bytes ?? 0,
  };
}

const AUTH_DIALOG_HTML = `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8" />
    <title>PACS Capitation sign-in</title>
    <script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>
    <script src="auth-dialog.js"></script>
  </head>
  <body>
    <p>Signing you in to PACS Capitation…</p>
  </body>
</html>
`;
