import { createHash } from 'node:crypto';
import type { ChunkLedger } from '../../store/dynamoChunkLedger.ts';
import type { RunStatus, SimulationStore } from '../../store/simulationPorts.ts';
import { decodeOutcomes } from '../outcomeCodec.ts';
import { OutcomeMerge } from '../outcomeMerge.ts';
import { ChunkMismatchError } from './errors.ts';
import type { JobLoader } from './jobModel.ts';
import type { ObjectStore } from './objectStore.ts';
import { type ExecutionInput, outcomeKey } from './runObjects.ts';

export interface MergeTaskDeps {
  objects: ObjectStore;
  ledger: ChunkLedger;
  runs: SimulationStore;
  loadJob: JobLoader;
}

/** Chunks read at once: enough to hide S3 latency, few enough to bound memory beside the run's arrays. */
const READ_AHEAD = 8;

/** The exact merge: every recorded chunk is read, checked against the SHA-256 the ledger holds, decoded and placed
 *  by trial index into the same OutcomeMerge the local pool uses; the statistics are computed once all trials are
 *  in and stored as the run's result. A run cancelled meanwhile is left as it is. */
export async function mergeRun(deps: MergeTaskDeps, run: ExecutionInput): Promise<{ status: RunStatus }> {
  const { org, runId } = run;
  const before = await deps.runs.get(org, runId, { withResult: false });
  if (before.status !== 'queued' && before.status !== 'running') return { status: before.status };
  const job = await deps.loadJob(run.jobKey);
  const merge = new OutcomeMerge(job.options.trials);
  const records = await deps.ledger.list(org, runId);
  for (let i = 0; i < records.length; i += READ_AHEAD) {
    const group = records.slice(i, i + READ_AHEAD);
    const bodies = await Promise.all(group.map((r) => deps.objects.get(outcomeKey(org, runId, r.from))));
    group.forEach((record, k) => {
      const bytes = bodies[k]!;
      if (createHash('sha256').update(bytes).digest('hex') !== record.sha256)
        throw new ChunkMismatchError(runId, record.from);
      const chunk = decodeOutcomes(bytes);
      if (chunk.from !== record.from || chunk.to !== record.to)
        throw new ChunkMismatchError(runId, record.from);
      merge.add(chunk);
    });
  }
  const after = await deps.runs.complete(org, runId, merge.result(job.scenarioName, job.model));
  return { status: after.status };
}
