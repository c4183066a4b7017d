import type { LambdaName } from './bundling.ts';

/** Minified bundle size ceilings (KiB), enforced by test/integration/infra/bundles.test.ts. `startup` is what a cold
 *  start loads (index.mjs and the chunks it imports statically), `total` every file of the asset. Measured when set
 *  (esbuild splitting, Step Functions, S3 and Secrets Manager clients behind dynamic imports): api 531 / 838 (engine,
 *  zod, DynamoDB client, Powertools at start), task functions ~590 / ~715; the ceilings leave ~15% so a regression,
 *  not noise, fails the test. Cold start grows with what loads at start (serverless-platform.md §4): shrink before
 *  raising a ceiling. */
export const BUNDLE_BUDGET_KIB: Record<LambdaName, { startup: number; total: number }> = {
  api: { startup: 610, total: 960 },
  simulationChunk: { startup: 680, total: 820 },
  simulationMerge: { startup: 680, total: 820 },
  simulationFailed: { startup: 680, total: 820 },
};
