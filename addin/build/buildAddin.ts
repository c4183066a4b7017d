import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, type Plugin, build, buildSync } from 'esbuild';
import { RuntimeConfig, type RuntimeConfigInput } from '../src/runtime/config.ts';
import { functionsMetadata } from './functionsJson.ts';
import { copyExamples, paneBuildOptions } from './pane.ts';

const addinDir = fileURLToPath(new URL('..', import.meta.url));

export interface AddinBuildOptions {
  /** Written afresh: public files, functions.js, functions.json (and auth-dialog.* where Entra ID signs in). */
  outDir: string;
  /** Compiled in (local builds: `npm start`). Omitted: a deployable build, which reads config.json from its
   *  own origin at run time, so one build serves every environment (the CDK app writes each one's config). */
  config?: RuntimeConfigInput;
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
 *  functions.json from the catalogue, the task pane's bundle, and the static pages and icons of addin/public. */
export async function buildAddin(options: AddinBuildOptions): Promise<AddinBuild> {
  const plan = prepare(options);
  const results = await Promise.all(
    plan.bundles.map((b) => build({ ...b, ...(plan.development ? { plugins: [withoutMsal] } : {}) })),
  );
  return finish(plan, results[0]!.metafile!);
}

/** The same build, synchronously, for the CDK app's asset bundling (deployable builds only: no plugins). */
export function buildAddinSync(options: Omit<AddinBuildOptions, 'config'>): AddinBuild {
  const plan = prepare(options);
  const results = plan.bundles.map((b) => buildSync(b));
  return finish(plan, results[0]!.metafile!);
}

interface Plan {
  outDir: string;
  development: boolean;
  entra: boolean;
  bundles: (BuildOptions & { metafile: true })[];
}

function prepare(options: AddinBuildOptions): Plan {
  const config = options.config === undefined ? undefined : RuntimeConfig.parse(options.config);
  const entra = config === undefined || config.auth.mode === 'entra';
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
    define: { __PACS_CONFIG__: config === undefined ? 'undefined' : JSON.stringify(config) },
    logLevel: 'silent' as const,
    metafile: true as const,
  };
  const bundles = [
    {
      ...common,
      entryPoints: [join(addinDir, 'src/runtime/main.ts')],
      outfile: join(options.outDir, 'functions.js'),
    },
    // The task pane: pane.js, loaded by taskpane.html after functions.js, on the runtime it leaves on the page.
    paneBuildOptions(options.outDir, { minify: options.minify ?? true, defaultApiUrl: config?.apiUrl }),
    ...(entra
      ? [
          {
            ...common,
            entryPoints: [join(addinDir, 'src/runtime/authDialog.ts')],
            outfile: join(options.outDir, 'auth-dialog.js'),
          },
        ]
      : []),
  ];
  return { outDir: options.outDir, development: !entra, entra, bundles };
}

function finish(plan: Plan, metafile: { outputs: Record<string, { bytes: number }> }): AddinBuild {
  if (plan.entra) writeFileSync(join(plan.outDir, 'auth-dialog.html'), AUTH_DIALOG_HTML);
  writeFileSync(join(plan.outDir, 'functions.json'), `${JSON.stringify(functionsMetadata(), null, 2)}\n`);
  copyExamples(plan.outDir);
  const bundle = Object.entries(metafile.outputs).find(([f]) => f.endsWith('functions.js'));
  return {
    outDir: plan.outDir,
    files: [
      'functions.js',
      'functions.json',
      'pane.js',
      ...(plan.entra ? ['auth-dialog.html', 'auth-dialog.js'] : []),
    ],
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
