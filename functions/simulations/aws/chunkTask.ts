import { createHash } from 'node:crypto';
import { runChunk } from '../../../shared/core/simulation/index.ts';
import type { ChunkLedger } from '../../store/dynamoChunkLedger.ts';
import { encodeOutcomes } from '../outcomeCodec.ts';
import { ChunkMismatchError, RunNotActiveError } from './errors.ts';
import type { JobLoader } from './jobModel.ts';
import type { ObjectStore } from './objectStore.ts';
import { outcomeKey } from './runObjects.ts';
import type { ChunkBatch } from './taskInputs.ts';

export interface ChunkTaskDeps {
  objects: ObjectStore;
  ledger: ChunkLedger;
  loadJob: JobLoader;
}

export interface ChunkBatchResult {
  recorded: number;
  duplicates: number;
  trials: number;
}

/** One Distributed Map batch: each chunk's trials are simulated, encoded, written to S3 under a key of their own
 *  and then recorded in the ledger (the conditional write per run and chunk, which also advances progress). A
 *  redelivered batch rewrites identical bytes (chunks are seeded per trial) and counts nothing twice. The run's
 *  status is checked before each chunk, so a cancelled run stops computing at the next chunk boundary. */
export async function runChunkBatch(deps: ChunkTaskDeps, batch: ChunkBatch): Promise<ChunkBatchResult> {
  const { org, runId, jobKey, trials } = batch.run;
  const result: ChunkBatchResult = { recorded: 0, duplicates: 0, trials: 0 };
  for (const item of batch.items) {
    const status = await deps.ledger.status(org, runId);
    if (status !== 'queued' && status !== 'running') throw new RunNotActiveError(runId, status);
    const job = await deps.loadJob(jobKey);
    if (job.options.trials !== trials || item.to > trials || item.from >= item.to)
      throw new Error(
        `chunk [${item.from}, ${item.to}) does not fit run ${runId} of ${job.options.trials} trials`,
      );
    const bytes = encodeOutcomes(runChunk(job.model, item.from, item.to));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await deps.objects.put(outcomeKey(org, runId, item.from), bytes, 'application/octet-stream');
    const outcome = await deps.ledger.record(org, runId, { ...item, sha256 }, trials);
    if (outcome === 'inactive') throw new RunNotActiveError(runId, await deps.ledger.status(org, runId));
    if (outcome === 'mismatch') throw new ChunkMismatchError(runId, item.from);
    if (outcome === 'recorded') result.recorded++;
    else result.duplicates++;
    result.trials += item.to - item.from;
  }
  return result;
}
