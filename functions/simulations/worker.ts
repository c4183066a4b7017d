// Worker thread of the simulation pool (workerPool.ts): receives the compiled trial kernel (one WebAssembly module
// shared by every worker, so its hot code is optimised once), the model (plain data, structured-cloned) and the
// run's outcome arrays (shared memory), runs chunks of trials and writes their per-trial outcomes into those arrays;
// at the end it may summarise outcomes (shared arrays, read in place). It imports only the trial code and the
// statistics: no scenario schema, no zod, no calculation pipeline.
import { parentPort } from 'node:worker_threads';
import {
  OUTCOME_ARRAYS,
  TrialSampler,
  prepareKernel,
  runChunk,
  runSummaryJob,
} from '../../shared/core/simulation/index.ts';
import type {
  DistributionSummary,
  SimulationModel,
  TrialOutcomes,
} from '../../shared/core/simulation/index.ts';

export type WorkerRequest =
  /** `outcomes`: the run's arrays in shared memory (OutcomeMerge), where each chunk's outcomes are written. */
  | { type: 'init'; model: SimulationModel; outcomes: TrialOutcomes; kernel: object }
  | { type: 'chunk'; from: number; to: number }
  /** Summaries of `values` scaled by each of `scales` (runSummaryJob); `job` is echoed back. */
  | { type: 'summarize'; job: number; values: Float64Array; bins: number; scales: number[] };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; from: number; done: number }
  /** The chunk's outcomes are written into the shared arrays; `cpuMs`: the CPU time this thread spent on it. */
  | { type: 'chunk'; from: number; to: number; cpuMs: number }
  | { type: 'summaries'; job: number; summaries: DistributionSummary[]; cpuMs: number }
  | { type: 'error'; message: string };

/** How often a busy worker tells the pool how far it is (the core calls back far more often; see runChunk). */
const PROGRESS_EVERY_MS = 100;

const port = parentPort;
if (port === null) throw new Error('simulationWorker.ts must run in a worker thread');
let model: SimulationModel | null = null;
let shared: TrialOutcomes | null = null;
/** One sampler for every chunk of the run (its kernel instance and memory are built once, at init). */
let sampler: TrialSampler | null = null;

/** Views of the shared arrays at trials [from, to): runChunk writes there directly. */
function sharedChunk(all: TrialOutcomes, from: number, to: number): TrialOutcomes {
  const out = { from, to } as TrialOutcomes;
  for (const k of OUTCOME_ARRAYS) out[k] = all[k].subarray(from, to);
  out.flags = all.flags.subarray(from, to);
  return out;
}

/** CPU time of this thread so far (ms). */
function cpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

port.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.type === 'init') {
      model = msg.model;
      shared = msg.outcomes;
      prepareKernel(msg.kernel);
      sampler = new TrialSampler(model);
      port.postMessage({ type: 'ready' } satisfies WorkerReply);
      return;
    }
    const cpu = cpuMs();
    if (msg.type === 'summarize') {
      const summaries = runSummaryJob(msg.values, msg.bins, msg.scales);
      port.postMessage({
        type: 'summaries',
        job: msg.job,
        summaries,
        cpuMs: cpuMs() - cpu,
      } satisfies WorkerReply);
      return;
    }
    if (model === null || shared === null || sampler === null) throw new Error('chunk before init');
    const { from, to } = msg;
    let last = performance.now();
    runChunk(
      model,
      from,
      to,
      (done) => {
        const now = performance.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        port.postMessage({ type: 'progress', from, done } satisfies WorkerReply);
      },
      { sampler, out: sharedChunk(shared, from, to) },
    );
    port.postMessage({ type: 'chunk', from, to, cpuMs: cpuMs() - cpu } satisfies WorkerReply);
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e) } satisfies WorkerReply);
  }
});
