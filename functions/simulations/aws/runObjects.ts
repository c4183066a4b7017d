import type { OrgId } from '../../store/ports.ts';

/* Where a run's objects live in the simulation bucket, and how its trials are cut into chunks for Lambda. All under
 * runs/{org}/{runId}/ so one lifecycle rule expires them and nothing of one organisation sits in another's prefix. */

export const RUNS_PREFIX = 'runs/';
/** Distributed Map result files (ResultWriter), kept for diagnosis and expired by the same lifecycle. */
export const MAP_RESULTS_PREFIX = 'map-results';

const runPrefix = (org: OrgId, runId: string) => `${RUNS_PREFIX}${org}/${runId}/`;
export const jobKey = (org: OrgId, runId: string) => `${runPrefix(org, runId)}job.json`;
export const chunksKey = (org: OrgId, runId: string) => `${runPrefix(org, runId)}chunks.json`;
export const outcomeKey = (org: OrgId, runId: string, from: number) =>
  `${runPrefix(org, runId)}outcomes/${String(from).padStart(9, '0')}.pck`;

/** The execution's input: what the state machine passes on to every task. */
export interface ExecutionInput {
  org: OrgId;
  runId: string;
  jobKey: string;
  chunksKey: string;
  trials: number;
}

/** A chunk item as the Distributed Map's ItemReader reads it from chunks.json. */
export interface ChunkItem {
  from: number;
  to: number;
}

/** Trials per chunk: about 200-400 chunks a run, each a few seconds of one vCPU. The fast method costs microseconds
 *  a trial; the person-level method draws every person (tens of milliseconds a trial for an ICB-sized
 *  population), so its chunks are smaller. The result does not depend on the cut. */
export function planChunks(trials: number, method: 'fast' | 'person'): ChunkItem[] {
  const size =
    method === 'fast'
      ? Math.min(50_000, Math.max(2_000, Math.ceil(trials / 200)))
      : Math.min(500, Math.max(50, Math.ceil(trials / 400)));
  const out: ChunkItem[] = [];
  for (let from = 0; from < trials; from += size) out.push({ from, to: Math.min(trials, from + size) });
  return out;
}

export const jsonBytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
export const parseJsonBytes = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));
