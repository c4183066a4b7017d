/* Errors the simulation task Lambdas throw on purpose. Step Functions matches them by name (the Lambda runtime
 * reports error.name as the error type), so the state machine's Retry rules name them: these two are never retried,
 * everything else is (a retried chunk is harmless: see the chunk ledger). */

export const RUN_NOT_ACTIVE = 'RunNotActive';
export const CHUNK_MISMATCH = 'ChunkMismatch';

/** The run was cancelled, has finished, or is gone: its remaining chunks must not run. */
export class RunNotActiveError extends Error {
  constructor(runId: string, status: string) {
    super(`run ${runId} is ${status}`);
    this.name = RUN_NOT_ACTIVE;
  }
}

/** A chunk produced other bytes than when it was first recorded: the seeded engine is not deterministic. */
export class ChunkMismatchError extends Error {
  constructor(runId: string, from: number) {
    super(`run ${runId}: chunk from trial ${from} differs from the one recorded`);
    this.name = CHUNK_MISMATCH;
  }
}
