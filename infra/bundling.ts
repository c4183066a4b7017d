import { copyFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { buildAddinSync } from '../addin/build/buildAddin.ts';
import { PUBLISHED_PRACTICES_FILE } from '../functions/data/publishedPractices.ts';
import { type BuildOptions, buildSync } from 'esbuild';

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

/** Minified ESM for Node 22+ with source maps, AWS SDK bundled (loads faster than the runtime's copy and pins the
 *  version we test), a require shim for CommonJS dependencies inside the ESM bundle (Powertools' documented banner). */
export function lambdaBuildOptions(name: LambdaName, outdir: string): BuildOptions {
  return {
    entryPoints: { index: join(REPO_ROOT, LAMBDA_ENTRIES[name]) },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
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
  };
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
