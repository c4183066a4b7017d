import type { LambdaName } from './bundling.ts';

/** Minified bundle size ceilings (KiB of index.mjs), enforced by test/integration/infra/bundles.test.ts. Measured
 *  at 938 (api: engine, zod, DynamoDB, S3, Step Functions, Secrets Manager clients, Powertools) and ~660 (task
 *  functions) when set; the ceilings leave ~15% so a regression, not noise, fails the test. Cold start grows with
 *  bundle size (serverless-platform.md §4): shrink before raising a ceiling. */
export const BUNDLE_BUDGET_KIB: Record<LambdaName, number> = {
  api: 1080,
  simulationChunk: 760,
  simulationMerge: 760,
  simulationFailed: 760,
};
