import { Worker } from 'node:worker_threads';
import { calculate } from '../../shared/core/engine/index.ts';
import { parseScenario } from '../../shared/core/scenario/index.ts';
import {
  type DistributionSummary,
  type SimulationModel,
  type SimulationResult,
  buildModel,
  chunkRanges,
  kernelModule,
  parseSimulationOptions,
  summaryJobs,
} from '../../shared/core/simulation/index.ts';
import { OutcomeMerge } from './outcomeMerge.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';
import { workerBundle } from './workerBundle.ts';

/* Runs a simulation on worker_threads. Trials are cut into chunks handed to whichever worker is free; every trial
 * draws from its own (seed, trial) stream and the chunks are merged by trial index, so the result is bit-identical
 * for any number of workers or chunk size. Workers load the pre-built JavaScript bundle of worker.ts
 * (workerBundle.ts: built at install, rebuilt when a source changed), so they start in milliseconds under
 * `node bin/pacs.mjs`, tsx and vitest alike.
 * What is not parallel is kept short: the workers start (and compile the kernel) while this thread parses the
 * scenario, calculates it and builds the model; at the end the summaries (the statistics' passes over every
 * outcome) are spread over the workers too, and this thread only assembles the result. */

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
  /** Wall clock (ms from the call): every worker ready for chunks, the last chunk in, the summaries in, the end. */
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
  const queue =
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
  const threads = Array.from({ length: workers }, () => startWorker(bundle));
  // Every reply of a worker goes to the phase waiting on it; an error, an exit or an abort fails the run.
  const handlers = new Map<Worker, (msg: WorkerReply) => void>();
  let fail: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  for (const w of threads) {
    w.on('message', (msg: WorkerReply) => {
      if (msg.type === 'error') return fail(new Error(`simulation worker: ${msg.message}`));
      try {
        handlers.get(w)?.(msg);
      } catch (e) {
        fail(e);
      }
    });
    w.on('error', (e) => fail(e));
    w.on('exit', (code) => {
      if (code !== 0) fail(new Error(`simulation worker exited with code ${code}`));
    });
  }
  const onAbort = () => fail(pool.signal!.reason);
  if (pool.signal?.aborted) onAbort();
  pool.signal?.addEventListener('abort', onAbort, { once: true });
  const untilFailed = <T>(p: Promise<T>) => Promise.race([p, failed]);

  try {
    // While the workers start: the scenario, its calculation and the model (plain data: each worker gets a
    // structured clone).
    const setupFrom = threadCpuMs();
    const scenario = parseScenario(scenarioInput);
    const model: SimulationModel = buildModel(scenario, options, calculate(scenario));
    const kernel = kernelModule(); // compiled once here, shared by the workers
    const setupCpuMs = threadCpuMs() - setupFrom;
    const chunkCpuMs = threads.map(() => 0);
    let readyLeft = threads.length;
    let readyMs = 0;
    let chunksFrom = 0;
    await untilFailed(
      Promise.all(
        threads.map(
          (w, t) =>
            new Promise<void>((resolve) => {
              const next = () => {
                const range = queue.shift();
                if (range === undefined) return resolve();
                running.set(range[0], 0);
                w.postMessage({ type: 'chunk', from: range[0], to: range[1] } satisfies WorkerRequest);
              };
              handlers.set(w, (msg) => {
                if (msg.type === 'ready') {
                  if (--readyLeft === 0) {
                    readyMs = wall();
                    chunksFrom = threadCpuMs();
                  }
                  next();
                } else if (msg.type === 'progress') {
                  running.set(msg.from, msg.done);
                  report();
                } else if (msg.type === 'chunk') {
                  running.delete(msg.from);
                  chunkCpuMs[t]! += msg.cpuMs;
                  finished += msg.to - msg.from;
                  merge.written(msg.from, msg.to);
                  report();
                  next();
                }
              });
              w.postMessage({
                type: 'init',
                model,
                outcomes: merge.arrays,
                kernel,
              } satisfies WorkerRequest);
            }),
        ),
      ),
    );
    const chunksMs = wall();
    const mainDuringChunksCpuMs = threadCpuMs() - chunksFrom;
    const summaryCpuMs = threads.map(() => 0);
    const summaries = await untilFailed(summarizeOnWorkers(threads, handlers, model, merge, summaryCpuMs));
    const summariesMs = wall();
    const assembleFrom = threadCpuMs();
    const result = merge.result(scenario.name, model, summaries);
    pool.onTimings?.({
      setupCpuMs,
      chunkCpuMs,
      summaryCpuMs,
      assembleCpuMs: threadCpuMs() - assembleFrom,
      wallMs: { ready: readyMs, chunks: chunksMs, summaries: summariesMs, end: wall() },
      mainDuringChunksCpuMs,
    });
    return result;
  } finally {
    pool.signal?.removeEventListener('abort', onAbort);
    await Promise.all(threads.map((w) => w.terminate()));
  }
}

/** Cost of a summary job's part, in single-scale summaries: the selection of its order statistics (measured at
 *  about 3.5 summaries of the same values) and one summary per scale. */
const SELECTION_COST = 3.5;
const partCost = (scales: number) => SELECTION_COST + scales;

/** The parts' assignment to `threads` workers, largest first to the least loaded (longest processing time):
 *  owner index per part and the busiest worker's load. */
function assign(costs: number[], threads: number): { owner: number[]; makespan: number } {
  const load = new Array<number>(threads).fill(0);
  const owner: number[] = [];
  const order = costs.map((cost, p) => ({ cost, p })).sort((a, b) => b.cost - a.cost);
  for (const { cost, p } of order) {
    const t = load.indexOf(Math.min(...load));
    load[t]! += cost;
    owner[p] = t;
  }
  return { owner, makespan: Math.max(...load) };
}

/** The result's summaries (summaryJobs), computed by the workers in parallel on the shared outcome arrays. Each
 *  job (the providers': one selection, then a summary per scale for the PACS and every member) is one part; the
 *  largest part is cut in two (each half selecting again) only while that shortens the busiest worker's share.
 *  The answers come back in the jobs' order. */
function summarizeOnWorkers(
  threads: Worker[],
  handlers: Map<Worker, (msg: WorkerReply) => void>,
  model: SimulationModel,
  merge: OutcomeMerge,
  cpuMs: number[],
): Promise<DistributionSummary[][]> {
  const jobs = summaryJobs(model, merge.outcomes());
  let parts = jobs.map((job, j) => ({ job: j, values: job.values, scales: job.scales }));
  let plan = assign(
    parts.map((p) => partCost(p.scales.length)),
    threads.length,
  );
  for (;;) {
    const widest = parts.reduce((w, p, i) => (p.scales.length > parts[w]!.scales.length ? i : w), 0);
    const part = parts[widest]!;
    if (part.scales.length < 2) break;
    const half = Math.ceil(part.scales.length / 2);
    const cut = [
      ...parts.slice(0, widest),
      { ...part, scales: part.scales.slice(0, half) },
      { ...part, scales: part.scales.slice(half) },
      ...parts.slice(widest + 1),
    ];
    const cutPlan = assign(
      cut.map((p) => partCost(p.scales.length)),
      threads.length,
    );
    if (cutPlan.makespan >= plan.makespan) break;
    parts = cut;
    plan = cutPlan;
  }
  const answers: DistributionSummary[][] = [];
  return new Promise((resolve) => {
    let left = parts.length;
    threads.forEach((w, t) =>
      handlers.set(w, (msg) => {
        if (msg.type !== 'summaries') return;
        cpuMs[t]! += msg.cpuMs;
        answers[msg.job] = msg.summaries;
        if (--left > 0) return;
        // Parts back into their jobs, in order.
        const byJob: DistributionSummary[][] = jobs.map(() => []);
        parts.forEach((part, p) => byJob[part.job]!.push(...answers[p]!));
        resolve(byJob);
      }),
    );
    parts.forEach((part, p) =>
      threads[plan.owner[p]!]!.postMessage({
        type: 'summarize',
        job: p,
        values: part.values,
        bins: model.histogramBins,
        scales: part.scales,
      } satisfies WorkerRequest),
    );
  });
}
