import type { OrgId } from '../store/ports.ts';

/** Runs a stored simulation to the end, writing progress, the result or the failure to the SimulationStore.
 *  Locally: a worker_threads pool in this process. In AWS: a fan-out of chunk Lambdas (later issue). */
export interface SimulationRunner {
  start(org: OrgId, runId: string, job: { scenario: unknown; options: unknown }): void;
}
