// The messages between the simulation pool (workerPool.ts) and its workers (worker.ts), and the shared counters
// they take work with. A module of its own, so the pool imports no worker code.
import type {
  DistributionSummary,
  OutcomeMeans,
  SimulationModel,
  TrialOutcomes,
} from '../../shared/core/simulation/index.ts';

/** Indices into the run's control counters (an Int32Array on shared memory). */
export const NEXT_CHUNK = 0;
export const CHUNKS_DONE = 1;
export const NEXT_PART = 2;
export const CONTROL_WORDS = 3;

/** A part of the result's statistics: the summaries of job `job` of summaryJobs at `scales`, its scales from
 *  index `at` on (runSummaryJob), or the run's outcomeMeans. */
export type SummaryPart =
  | { kind: 'summaries'; job: number; at: number; scales: number[] }
  | { kind: 'means' };

export type WorkerRequest = {
  type: 'run';
  model: SimulationModel;
  /** The run's arrays in shared memory (OutcomeMerge), where each chunk's outcomes are written. */
  outcomes: TrialOutcomes;
  kernel: object;
  /** The chunks [from, to) of the run, taken in this order by whichever worker is free. */
  chunks: [number, number][];
  /** The parts of the statistics, taken in this order (largest first) once every chunk is in. */
  parts: SummaryPart[];
  /** CONTROL_WORDS counters on shared memory, zero at the start. */
  control: Int32Array;
};

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; from: number; done: number }
  /** The chunk's outcomes are written into the shared arrays; `cpuMs`: the CPU time this thread spent on it. */
  | { type: 'chunk'; from: number; to: number; cpuMs: number }
  | { type: 'part'; part: number; summaries: DistributionSummary[]; cpuMs: number }
  | { type: 'part'; part: number; means: OutcomeMeans; cpuMs: number }
  | { type: 'error'; message: string };
