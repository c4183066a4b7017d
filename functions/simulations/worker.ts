// Worker thread of the simulation pool (workerPool.ts): compiles the trial kernel as soon as it starts (while the
// main thread builds the model), receives the model (plain data, structured-cloned), runs chunks of trials and sends
// their per-trial outcomes back (buffers transferred); at the end it may summarise outcomes the pool sends it. It
// imports only the trial code and the statistics: no scenario schema, no zod, no calculation pipeline.
import { parentPort } from 'node:worker_threads';
import { prepareKernel, runChunk, runSummaryJob } from '../../shared/core/simulation/index.ts';
import type { DistributionSummary, SimulationModel } from '../../shared/core/simulation/index.ts';
import { encodeOutcomes } from './outcomeCodec.ts';

export type WorkerRequest =
  | { type: 'init'; model: SimulationModel }
  | { type: 'chunk'; from: number; to: number }
  /** Summaries of `values` scaled by each of `scales` (runSummaryJob); `job` is echoed back. */
  | { type: 'summarize'; job: number; values: Float64Array; bins: number; scales: number[] };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; from: number; done: number }
  /** The chunk's outcomes in the byte form the Step Functions runtime also merges (outcomeCodec.ts), and the CPU
   *  time this thread spent on it (ms). */
  | { type: 'chunk'; from: number; to: number; bytes: Uint8Array; cpuMs: number }
  | { type: 'summaries'; job: number; summaries: DistributionSummary[]; cpuMs: number }
  | { type: 'error'; message: string };

/** How often a busy worker tells the pool how far it is (the core calls back far more often; see runChunk). */
const PROGRESS_EVERY_MS = 100;

const port = parentPort;
if (port === null) throw new Error('simulationWorker.ts must run in a worker thread');
let model: SimulationModel | null = null;
prepareKernel();

/** CPU time of this thread so far (ms). */
function cpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

port.on('message', (msg: WorkerRequest) => {
  try {
    if (msg.type === 'init') {
      model = msg.model;
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
    if (model === null) throw new Error('chunk before init');
    const { from, to } = msg;
    let last = performance.now();
    const outcomes = runChunk(model, from, to, (done) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      port.postMessage({ type: 'progress', from, done } satisfies WorkerReply);
    });
    const bytes = encodeOutcomes(outcomes);
    port.postMessage({ type: 'chunk', from, to, bytes, cpuMs: cpuMs() - cpu } satisfies WorkerReply, [
      bytes.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e) } satisfies WorkerReply);
  }
});
