import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { buildAddinSync } from '../addin/build/buildAddin.ts';
import { PUBLISHED_PRACTICES_FILE } from '../functions/data/publishedPractices.ts';
import { type BuildOptions, type Metafile, buildSync } from 'esbuild';

/* The one esbuild configuration of the Lambda bundles. The CDK stack (lambdaCode), the bundle-size test and the
 * bundle benchmark all build through lambdaBuildOptions, so what is measured is byte for byte what is deployed, and
 * a later change to the build (a define, a plugin, OpenAPI generated at build time) is made here once.
 *
 * Why Code.fromAsset with a local bundler rather than NodejsFunction: NodejsFunction exposes esbuild only as CLI
 * flags (no plugins, no JS API), so the test could not build through the same call; here CDK calls tryBundle at
 * synth time, only for stacks being bundled (tests skip it with aws:cdk:bundling-stacks = []), and no Docker image
 * is ever used: a failed local build throws instead of falling back to Docker. */

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Lambda entry points (relative to the repository root), by function. */
export const LAMBDA_ENTRIES = {
  api: 'functions/api.ts',
  simulationChunk: 'functions/simulationChunk.ts',
  simulationMerge: 'functions/simulationMerge.ts',
  simulationFailed: 'functions/simulationFailed.ts',
} as const;
export type LambdaName = keyof typeof LAMBDA_ENTRIES;

/** Node built-ins whose module object has lazy getters: an ES import builds a facade that reads every export, so
 *  `import ... from 'node:http'` compiles undici (http's WebSocket, CloseEvent, MessageEvent) and `'node:crypto'`
 *  the whole Web Crypto: tens of ms of a cold start for exports nobody reads. The bundles take them through a
 *  CommonJS shim (process.getBuiltinModule, Node 22.3+) instead, so only the getters the code touches run. An alias,
 *  not a plugin: CDK bundles with buildSync, which takes no plugins. */
const BUILTINS_BY_SHIM = Object.fromEntries(
  ['http', 'crypto'].flatMap((m) => {
    const shim = join(REPO_ROOT, 'infra', 'builtinShims', `${m}.cjs`);
    return [
      [m, shim],
      [`node:${m}`, shim],
    ];
  }),
);

/** Minified ESM for Node 22+ with source maps, AWS SDK bundled (loads faster than the runtime's copy and pins the
 *  version we test), a require shim for CommonJS dependencies inside the ESM bundle (Powertools' documented banner). */
export function lambdaBuildOptions(name: LambdaName, outdir: string): BuildOptions {
  return {
    entryPoints: { index: join(REPO_ROOT, LAMBDA_ENTRIES[name]) },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Code behind a dynamic import (the simulation runner's Step Functions and S3 clients, the Secrets Manager
    // reader) goes to its own chunk beside index.mjs, loaded only when a request needs it.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    sourcemap: true,
    // Stack traces need the mappings, not a copy of the sources.
    sourcesContent: false,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: "import{createRequire}from'module';const require=createRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'error',
    metafile: true,
    alias: BUILTINS_BY_SHIM,
  };
}

/** The output files a cold start loads: index.mjs and the chunks it imports statically, transitively (the chunks
 *  behind a dynamic import load at the first request that needs them). Paths as the metafile names them. */
export function startupOutputs(metafile: Metafile): string[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((k) => k.endsWith('index.mjs'));
  if (entry === undefined) throw new Error('no index.mjs in the build');
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of outputs[file]!.imports)
      if (i.kind === 'import-statement' && !i.external) pending.push(i.path);
  }
  return [...seen];
}

/** The function's code: bundled by the local esbuild when CDK stages the asset (handler `index.handler`). */
export function lambdaCode(name: LambdaName): Code {
  return Code.fromAsset(join(REPO_ROOT, 'functions'), {
    // Hash what is deployed, not the source tree: unrelated edits do not redeploy every function.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type, never pulled: tryBundle always succeeds or throws.
      image: DockerImage.fromRegistry('local-esbuild-only'),
      // CDK keys its bundling cache on the serialisable options (source path, image, command), not on
      // tryBundle: without a per-function value every function received the first one's bundle.
      command: ['esbuild', LAMBDA_ENTRIES[name]],
      local: {
        tryBundle(outputDir: string): boolean {
          buildSync(lambdaBuildOptions(name, outputDir));
          // PACS.NEEDINDEX reads NHS England's published practice data beside the handler (functions/data).
          if (name === 'api')
            copyFileSync(PUBLISHED_PRACTICES_FILE, join(outputDir, basename(PUBLISHED_PRACTICES_FILE)));
          return true;
        },
      },
    },
  });
}

/** The add-in's files, built by the local esbuild when CDK stages the asset: one deployable build (it reads the
 *  environment's config.json at run time), the same for every environment. */
export function addinFiles(): ISource {
  return Source.asset(join(REPO_ROOT, 'addin'), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('local-esbuild-only'),
      local: {
        tryBundle(outputDir: string): boolean {
          buildAddinSync({ outDir: outputDir });
          return true;
        },
      },
    },
  });
}
