import type { OrgId } from '../store/ports.ts';

/** Runs a stored simulation to the end, writing progress, the result or the failure to the SimulationStore.
 *  Locally: a worker_threads pool in this process. In AWS: a Step Functions Distributed Map of chunk Lambdas. */
export interface SimulationRunner {
  /** Resolves once the run is handed over (a Lambda must not return before that: it is frozen afterwards). */
  start(org: OrgId, runId: string, job: { scenario: unknown; options: unknown }): void | Promise<void>;
  /** Stops a run already marked cancelled in the store, sooner than its own next check would (best effort). */
  cancel?(org: OrgId, runId: string): Promise<void>;
}
