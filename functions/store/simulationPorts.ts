import type { OrgId } from './ports.ts';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface RunProgress {
  done: number;
  total: number;
}

export interface RunFailure {
  code: string;
  message: string;
}

/** A run's state without its bodies: what transitions return (cheap to write and read). */
export interface RunRecord {
  id: string;
  org: OrgId;
  status: RunStatus;
  progress: RunProgress;
  error?: RunFailure | undefined;
  createdAt: string;
  updatedAt: string;
  /** Epoch seconds after which the run is gone. */
  ttl: number;
}

/** A Monte Carlo (or other long) run, polled by the add-in. */
export interface SimulationRun extends RunRecord {
  /** The request as submitted (plain JSON). */
  request: unknown;
  /** Present once succeeded (unless `get` was asked to skip it). */
  result?: unknown;
}

/** Port for simulation runs. Transitions only leave queued/running: updateProgress, complete, fail and cancel on a
 *  finished run change nothing and return it as it stands (a cancelled run never flips back). Errors: NotFoundError,
 *  ValidationError (idempotency key reused for another request, bad progress), PayloadTooLargeError,
 *  UnavailableError. */
export interface SimulationStore {
  /** A repeated key with the same request returns the existing run (`created: false`). */
  create(
    org: OrgId,
    idempotencyKey: string,
    request: unknown,
  ): Promise<{ run: SimulationRun; created: boolean }>;
  /** `withResult: false` skips reading the (possibly large) result: for polling. */
  get(org: OrgId, id: string, options?: { withResult?: boolean }): Promise<SimulationRun>;
  /** Also moves a queued run to running. */
  updateProgress(org: OrgId, id: string, progress: RunProgress): Promise<RunRecord>;
  /** Marks the run succeeded (progress done = total) and stores its result. */
  complete(org: OrgId, id: string, result: unknown): Promise<RunRecord>;
  fail(org: OrgId, id: string, error: RunFailure): Promise<RunRecord>;
  cancel(org: OrgId, id: string): Promise<RunRecord>;
  /** Puts a run that failed with code `interrupted` (it could not be resumed after a restart) back in the queue,
   *  with no progress and no error; any other run is returned as it stands. */
  requeueInterrupted(org: OrgId, id: string): Promise<RunRecord>;
  /** Runs left queued or running, in every organisation, oldest first: what a runtime that restarts (the local
   *  runner) resumes. A scan of the table, so never on a request path. */
  unfinished(): Promise<{ org: OrgId; id: string }[]>;
}

/** Failure code of a run that a restart found unfinished and could not resume. */
export const INTERRUPTED = 'interrupted';
