// Worker thread of the simulation pool (workerPool.ts). One message (`run`) starts its whole part of a run: it
// receives the compiled trial kernel (one WebAssembly module shared by every worker, so its hot code is optimised
// once), the model (plain data, structured-cloned), the run's outcome arrays and a few control counters (shared
// memory). It takes chunks of trials from the shared list itself (an atomic counter: no round trip through the
// pool's thread between chunks) and writes their outcomes into the shared arrays; when every worker's chunks are
// in, it takes summary parts the same way, reading the outcomes in place. It imports only the trial code and the
// statistics: no scenario schema, no zod, no calculation pipeline.
import { parentPort } from 'node:worker_threads';
import {
  OUTCOME_ARRAYS,
  PRIMING_CALLS,
  TrialSampler,
  outcomeMeans,
  prepareKernel,
  primeStatisticsPasses,
  runChunk,
  runSummaryJob,
  summaryJobs,
} from '../../shared/core/simulation/index.ts';
import type { TrialOutcomes } from '../../shared/core/simulation/index.ts';
import {
  CHUNKS_DONE,
  NEXT_CHUNK,
  NEXT_PART,
  type WorkerReply,
  type WorkerRequest,
} from './workerProtocol.ts';

/** How often a busy worker tells the pool how far it is (the core calls back far more often; see runChunk). */
const PROGRESS_EVERY_MS = 100;
/** A worker waiting for the others' last chunks wakes at least this often (so that terminate() is seen). */
const WAIT_SLICE_MS = 50;

const port = parentPort;
if (port === null) throw new Error('simulationWorker.ts must run in a worker thread');
const post = (reply: WorkerReply) => port.postMessage(reply);

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

function run(msg: WorkerRequest): void {
  const { model, outcomes, chunks, parts, control } = msg;
  prepareKernel(msg.kernel);
  // One sampler for every chunk of the run (its kernel instance and memory are built once).
  const sampler = new TrialSampler(model);
  // One progress callback for every chunk (a new function per chunk would deoptimise runChunk's call to it).
  let from = 0;
  let last = 0;
  const progress = (done: number) => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    post({ type: 'progress', from, done });
  };
  // runChunk's code before its loop runs here first with no trial, enough times for the engine to record what it
  // does (it allocates that record lazily, after about 8 calls): compiled on the first chunk's loop, runChunk then
  // stays optimised for the next chunks instead of deoptimising at their start.
  for (let k = 0; k < PRIMING_CALLS; k++)
    runChunk(model, 0, 0, progress, { sampler, out: sharedChunk(outcomes, 0, 0) });
  post({ type: 'ready' });
  for (;;) {
    const c = Atomics.add(control, NEXT_CHUNK, 1);
    if (c >= chunks.length) break;
    const to = chunks[c]![1];
    from = chunks[c]![0];
    const cpu = cpuMs();
    last = performance.now();
    runChunk(model, from, to, progress, { sampler, out: sharedChunk(outcomes, from, to) });
    // Publishes the chunk's outcomes to the other workers (an atomic write orders the plain ones before it).
    Atomics.add(control, CHUNKS_DONE, 1);
    Atomics.notify(control, CHUNKS_DONE);
    post({ type: 'chunk', from, to, cpuMs: cpuMs() - cpu });
  }
  for (let done = Atomics.load(control, CHUNKS_DONE); done < chunks.length; ) {
    Atomics.wait(control, CHUNKS_DONE, done, WAIT_SLICE_MS);
    done = Atomics.load(control, CHUNKS_DONE);
  }
  const jobs = summaryJobs(model, outcomes);
  for (;;) {
    const p = Atomics.add(control, NEXT_PART, 1);
    if (p >= parts.length) break;
    const part = parts[p]!;
    const cpu = cpuMs();
    if (part.kind === 'means') {
      const means = outcomeMeans(outcomes);
      post({ type: 'part', part: p, means, cpuMs: cpuMs() - cpu });
    } else {
      const job = jobs[part.job]!;
      const summaries = runSummaryJob(job.values, model.histogramBins, part.scales);
      post({ type: 'part', part: p, summaries, cpuMs: cpuMs() - cpu });
    }
  }
}

// While the pool's thread builds the model: the statistics' loops see their code once (passes.ts).
primeStatisticsPasses();
port.on('message', (msg: WorkerRequest) => {
  try {
    run(msg);
  } catch (e) {
    post({ type: 'error', message: (e as Error)?.message ?? String(e) });
  }
});
