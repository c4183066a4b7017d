/** The simulation runtime: chunks of a run on a worker_threads pool (CLI and local service), the chunk codec and the
 *  exact merge that the AWS runtime (./aws, its own front door) shares, and the runner port the API starts runs
 *  through. */

export { createLocalSimulationRunner } from './localRunner.ts';
export type { LocalSimulationRunner } from './localRunner.ts';
export { decodeOutcomes, encodeOutcomes } from './outcomeCodec.ts';
export { OutcomeMerge } from './outcomeMerge.ts';
export { resumeUnfinishedRuns } from './resumeRuns.ts';
export type { ResumeReport } from './resumeRuns.ts';
export type { SimulationRunner } from './runnerPort.ts';
export { simulateInWorkers } from './workerPool.ts';
export type { PoolTimings } from './workerPool.ts';
export { buildWorkerBundle, workerBundle } from './workerBundle.ts';
