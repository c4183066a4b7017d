/** The simulation runtime: chunks of a run on a worker_threads pool (CLI and local service) and the runner port the
 *  API starts runs through. */

export { createLocalSimulationRunner } from './localRunner.ts';
export type { SimulationRunner } from './runnerPort.ts';
export { simulateInWorkers } from './workerPool.ts';
export { buildWorkerBundle, workerBundle } from './workerBundle.ts';
