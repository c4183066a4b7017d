/** Monte Carlo risk of a contract year (capitation-method.md B11): the model, seeded chunks of trials that merge
 *  exactly, and the statistics of the result. The runtimes that run chunks in parallel live in
 *  functions/simulations. */

export { OUTCOME_ARRAYS, allocateOutcomes, checkCovered, placeChunk, runChunk } from './chunk.ts';
export type { ChunkReuse, TrialOutcomes } from './chunk.ts';
export {
  cvOf,
  distribution,
  moment,
  partialMoment,
  shapeForCv,
  survival,
  withMean,
} from './costModel.ts';
export type { CostDistribution, CostShape } from './costModel.ts';
export { buildModel } from './model.ts';
export type { SimulationModel } from './model.ts';
export { Calibration, SimulationOptions, parseSimulationOptions } from './options.ts';
export type { SimulationOptionsInput } from './options.ts';
export type { PartyResult, SimulationResult } from './resultTypes.ts';
export { chunkRanges, outcomeMeans, resultOf, runSummaryJob, summaryJobs } from './simulate.ts';
export type { OutcomeMeans, SummaryJob } from './simulate.ts';
export type { DistributionSummary } from './stats.ts';
export type { Estimate } from './stats.ts';
export { quantileFromSurvival } from './costModel.ts';
export { PRIMING_CALLS, primeStatisticsPasses } from './passes.ts';
export { TrialStream } from './prng.ts';
export { TrialSampler, kernelModule, prepareKernel } from './trial.ts';
