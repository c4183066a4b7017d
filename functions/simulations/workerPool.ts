import { Worker } from 'node:worker_threads';
import { calculate } from '../../shared/core/engine/index.ts';
import { parseScenario } from '../../shared/core/scenario/index.ts';
import {
  type DistributionSummary,
  type OutcomeMeans,
  type SimulationModel,
  type SimulationResult,
  allocateOutcomes,
  buildModel,
  chunkRanges,
  kernelModule,
  parseSimulationOptions,
  summaryJobs,
} from '../../shared/core/simulation/index.ts';
import { OutcomeMerge } from './outcomeMerge.ts';
import { CONTROL_WORDS, type SummaryPart, type WorkerReply, type WorkerRequest } from './workerProtocol.ts';
import { workerBundle } from './workerBundle.ts';

/* Runs a simulation on worker_threads. Trials are cut into chunks that the workers take from a shared list as they
 * become free (an atomic counter, no round trip through this thread); every trial draws from its own (seed,
 * trial) stream and writes its outcomes at its index in shared arrays, so the result is bit-identical for any
 * number of workers or chunk size. Workers load the pre-built JavaScript bundle of worker.ts (workerBundle.ts:
 * built at install, rebuilt when a source changed), so they start in milliseconds under `node bin/pacs.mjs`, tsx
 * and vitest alike.
 * What is not parallel is kept short: the workers start while this thread parses the scenario, calculates it and
 * builds the model; each worker goes on from its last chunk to the statistics (the summaries' passes over every
 * outcome, the means and flags) as soon as every chunk is in, taking parts from a second shared list, and this
 * thread only assembles the result. */

export interface PoolOptions {
  /** Worker threads (default: options.workers). */
  workers?: number;
  /** Trials per chunk (default: guidedRanges, chunks that shrink towards the end of the run). */
  chunkSize?: number;
  /** Called with the number of trials finished so far. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the workers at once and rejects with the signal's reason (a cancelled run). */
  signal?: AbortSignal;
  /** Called at the end with where the time went (the benchmark's critical path). */
  onTimings?: (t: PoolTimings) => void;
}

/** CPU time (ms) of each thread's part of a run: this thread's setup (parse, calculate, model) and assembly of the
 *  result, each worker's chunks and summaries. On an idle machine with a core per thread the run takes about
 *  setup + max(chunks) + max(summaries) + assembly. */
export interface PoolTimings {
  setupCpuMs: number;
  chunkCpuMs: number[];
  summaryCpuMs: number[];
  assembleCpuMs: number;
  /** Wall clock (ms from the call): every worker ready for chunks (or the first, when the chunks were all done
   *  before the last worker started), the last chunk in, the statistics in, the end. */
  wallMs: { ready: number; chunks: number; summaries: number; end: number };
  /** CPU time (ms) this thread spent while the workers ran chunks (merging their outcomes). */
  mainDuringChunksCpuMs: number;
}

/** CPU time of this thread so far (ms). */
function threadCpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

function startWorker(bundle: string): Worker {
  return new Worker(bundle, { execArgv: [] });
}

/** Chunks of [0, trials) for `workers` workers taking the next chunk when free: each a quarter of what is left per
 *  worker, at most 50,000 trials (frequent progress) and at least 5,000 (or what is left; a worker reuses its
 *  sampler, so a chunk costs only its messages), so the last chunks are short and the workers finish within about
 *  one short chunk (~12 ms) of each other instead of one long one (~120 ms). */
export function guidedRanges(trials: number, workers: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < trials; ) {
    const size = Math.min(50_000, Math.max(5_000, Math.ceil((trials - from) / (workers * 4))));
    const to = Math.min(trials, from + size);
    out.push([from, to]);
    from = to;
  }
  return out;
}

/** Cost of the statistics' parts, in single-scale summaries (measured in fresh workers, 1,000,000 trials): the
 *  selection of a job's order statistics, shared by its scales, and the means and flags (outcomeMeans). */
const SELECTION_COST = 1.5;
const MEANS_COST = 1;
const partCost = (part: SummaryPart) =>
  part.kind === 'means' ? MEANS_COST : SELECTION_COST + part.scales.length;
/** How many summaries a part holds. */
const width = (part: SummaryPart) => (part.kind === 'summaries' ? part.scales.length : 0);

/** The busiest of `threads` workers' load when they take parts of these costs, largest first, each from the
 *  shared list as it becomes free (longest processing time first). */
function makespan(costs: number[], threads: number): number {
  const load = new Array<number>(threads).fill(0);
  for (const cost of [...costs].sort((a, b) => b - a)) {
    const t = load.indexOf(Math.min(...load));
    load[t]! += cost;
  }
  return Math.max(...load);
}

/** The parts of the result's statistics for `threads` workers, largest first: a part per summary job (one
 *  selection, then a summary per scale: the PACS and every member for the providers) and one for the means and
 *  flags. The widest part is cut in two (each half selecting again) only while that shortens the busiest
 *  worker's share. */
export function summaryParts(model: SimulationModel, threads: number): SummaryPart[] {
  const jobs = summaryJobs(model, allocateOutcomes(0, 0));
  let parts: SummaryPart[] = [
    ...jobs.map((job, j): SummaryPart => ({ kind: 'summaries', job: j, at: 0, scales: job.scales })),
    { kind: 'means' },
  ];
  let best = makespan(parts.map(partCost), threads);
  for (;;) {
    const widest = parts.reduce((w, p, i) => (width(p) > width(parts[w]!) ? i : w), 0);
    const part = parts[widest]!;
    if (part.kind !== 'summaries' || part.scales.length < 2) break;
    const half = Math.ceil(part.scales.length / 2);
    const cut: SummaryPart[] = [
      ...parts.slice(0, widest),
      { ...part, scales: part.scales.slice(0, half) },
      { ...part, at: part.at + half, scales: part.scales.slice(half) },
      ...parts.slice(widest + 1),
    ];
    const cutSpan = makespan(cut.map(partCost), threads);
    if (cutSpan >= best) break;
    parts = cut;
    best = cutSpan;
  }
  return parts.sort((a, b) => partCost(b) - partCost(a));
}

/** Simulates `scenarioInput` (a scenario document) with `optionsInput` (SimulationOptions input). */
export async function simulateInWorkers(
  scenarioInput: unknown,
  optionsInput: unknown,
  pool: PoolOptions = {},
): Promise<SimulationResult> {
  const started = performance.now();
  const wall = () => performance.now() - started;
  const options = parseSimulationOptions(optionsInput);
  const workers = Math.max(1, Math.min(pool.workers ?? options.workers, options.trials));
  const chunks =
    pool.chunkSize === undefined
      ? guidedRanges(options.trials, workers)
      : chunkRanges(options.trials, pool.chunkSize);
  // The run's outcome arrays, in shared memory: workers write their chunks into them and summarise them in place,
  // so no outcome is copied between threads and peak memory holds one set.
  const merge = new OutcomeMerge(options.trials, true);
  const running = new Map<number, number>(); // chunk start -> trials done in it
  let finished = 0;
  const report = () => {
    if (!pool.onProgress) return;
    let partial = 0;
    for (const d of running.values()) partial += d;
    pool.onProgress(finished + partial, options.trials);
  };

  const bundle = await workerBundle();
  // Every reply of a worker goes to `onReply`; an error, an exit or an abort fails the run.
  let onReply: (msg: WorkerReply, t: number) => void = () => {};
  let fail: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  // A worker takes ~50 ms of CPU to boot (Node's bootstrap of a thread, then the bundle). Booting them all at once
  // would take the core this thread needs for the set-up below, so the first starts now and the others once the
  // scenario is parsed (this thread is busy until the model is built, so it starts them at points of the set-up,
  // not on a message): each boots on the other core while this thread works, all before the model is ready.
  const threads: Worker[] = [];
  let runMessage: WorkerRequest | null = null;
  const start = (count: number) => {
    for (let n = 0; n < count && threads.length < workers; n++) startOne();
  };
  const startOne = () => {
    const t = threads.length;
    const w = startWorker(bundle);
    threads.push(w);
    w.on('message', (msg: WorkerReply) => {
      if (msg.type === 'error') return fail(new Error(`simulation worker: ${msg.message}`));
      try {
        onReply(msg, t);
      } catch (e) {
        fail(e);
      }
    });
    w.on('error', (e) => fail(e));
    w.on('exit', (code) => {
      if (code !== 0) fail(new Error(`simulation worker exited with code ${code}`));
    });
    if (runMessage !== null) w.postMessage(runMessage);
  };
  start(1);
  const onAbort = () => fail(pool.signal!.reason);
  if (pool.signal?.aborted) onAbort();
  pool.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    // While the workers start: the scenario, its calculation and the model (plain data: each worker gets a
    // structured clone).
    const setupFrom = threadCpuMs();
    const scenario = parseScenario(scenarioInput);
    start(workers);
    const model: SimulationModel = buildModel(scenario, options, calculate(scenario));
    const kernel = kernelModule(); // compiled once here, shared by the workers
    const parts = summaryParts(model, workers);
    const setupCpuMs = threadCpuMs() - setupFrom;
    const chunkCpuMs = new Array<number>(workers).fill(0);
    const summaryCpuMs = new Array<number>(workers).fill(0);
    const summaries: DistributionSummary[][] = [];
    let means: OutcomeMeans | null = null;
    let readyLeft = workers;
    let partsLeft = parts.length;
    const wallMs = { ready: 0, chunks: 0, summaries: 0, end: 0 };
    let firstReadyMs = 0;
    let chunksFrom = 0;
    let mainDuringChunksCpuMs = 0;
    await Promise.race([
      failed,
      new Promise<void>((resolve) => {
        onReply = (msg, t) => {
          if (msg.type === 'ready') {
            if (readyLeft === workers) {
              firstReadyMs = wall();
              chunksFrom = threadCpuMs();
            }
            if (--readyLeft === 0 && finished < options.trials) {
              wallMs.ready = wall();
              chunksFrom = threadCpuMs();
            }
          } else if (msg.type === 'progress') {
            running.set(msg.from, msg.done);
            report();
          } else if (msg.type === 'chunk') {
            running.delete(msg.from);
            chunkCpuMs[t]! += msg.cpuMs;
            finished += msg.to - msg.from;
            merge.written(msg.from, msg.to);
            report();
            if (finished === options.trials) {
              wallMs.chunks = wall();
              // A short run can end before the last worker started: its chunks then began at the first ready.
              if (readyLeft > 0) wallMs.ready = firstReadyMs;
              mainDuringChunksCpuMs = threadCpuMs() - chunksFrom;
            }
          } else if (msg.type === 'part') {
            summaryCpuMs[t]! += msg.cpuMs;
            if ('means' in msg) means = msg.means;
            else summaries[msg.part] = msg.summaries;
            partsLeft--;
          }
          // Done when every part and every chunk's message are in: the workers start the statistics once the
          // shared counter says every chunk is written, so one worker's parts can reach this thread before
          // another worker's message for its last chunk (each port keeps its own order, not the two together).
          if (partsLeft === 0 && finished === options.trials) resolve();
        };
        runMessage = {
          type: 'run',
          model,
          outcomes: merge.arrays,
          kernel,
          chunks,
          parts,
          control: new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS)),
        };
        for (const w of threads) w.postMessage(runMessage); // a worker started later gets it at its start
      }),
    ]);
    wallMs.summaries = wall();
    const assembleFrom = threadCpuMs();
    // Parts back into their jobs, in order.
    const byJob: DistributionSummary[][] = summaryJobs(model, merge.arrays).map(() => []);
    const pieces = parts.flatMap((part, p) => (part.kind === 'summaries' ? [{ ...part, p }] : []));
    pieces.sort((a, b) => a.job - b.job || a.at - b.at);
    for (const { job, p } of pieces) byJob[job]!.push(...summaries[p]!);
    const result = merge.result(scenario.name, model, byJob, means!);
    wallMs.end = wall();
    pool.onTimings?.({
      setupCpuMs,
      chunkCpuMs,
      summaryCpuMs,
      assembleCpuMs: threadCpuMs() - assembleFrom,
      wallMs,
      mainDuringChunksCpuMs,
    });
    return result;
  } finally {
    pool.signal?.removeEventListener('abort', onAbort);
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
