/** The simulation runtime on AWS: a Step Functions Distributed Map of chunk Lambdas, their exact merge, and the runner
 *  the API starts runs through. It shares the chunk codec and merge with the local pool (../outcomeCodec.ts,
 *  ../outcomeMerge.ts). Kept apart from ../index.ts so neither the CLI nor `npm start` loads the AWS SDK clients. */

export { runChunkBatch } from './chunkTask.ts';
export type { ChunkBatchResult, ChunkTaskDeps } from './chunkTask.ts';
export { CHUNK_MISMATCH, RUN_NOT_ACTIVE } from './errors.ts';
export { recordFailure } from './failureTask.ts';
export { chunkHandler, failureHandler, lazily, mergeHandler } from './handlers.ts';
export { createJobLoader } from './jobModel.ts';
export { mergeRun } from './mergeTask.ts';
export type { MergeTaskDeps } from './mergeTask.ts';
export { S3ObjectStore } from './objectStore.ts';
export type { ObjectStore } from './objectStore.ts';
export {
  MAP_RESULTS_PREFIX,
  RUNS_PREFIX,
  chunksKey,
  jobKey,
  outcomeKey,
  planChunks,
} from './runObjects.ts';
export type { ChunkItem, ExecutionInput } from './runObjects.ts';
export { createStepFunctionsRunner, executionName } from './stepFunctionsRunner.ts';
export { parseChunkBatch, parseExecutionInput, parseFailureInput } from './taskInputs.ts';
export { taskRuntime } from './taskRuntime.ts';
