import { Worker } from 'node:worker_threads';
import { calculate } from '../../shared/core/engine/index.ts';
import { parseScenario } from '../../shared/core/scenario/index.ts';
import {
  type DistributionSummary,
  type SimulationModel,
  type SimulationResult,
  buildModel,
  chunkRanges,
  parseSimulationOptions,
  summaryJobs,
} from '../../shared/core/simulation/index.ts';
import { decodeOutcomes } from './outcomeCodec.ts';
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
  /** Trials per chunk (default: about 8 chunks per worker, between 1,000 and 50,000). */
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
}

/** CPU time of this thread so far (ms). */
function threadCpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

function startWorker(bundle: string): Worker {
  return new Worker(bundle, { execArgv: [] });
}

/** Simulates `scenarioInput` (a scenario document) with `optionsInput` (SimulationOptions input). */
export async function simulateInWorkers(
  scenarioInput: unknown,
  optionsInput: unknown,
  pool: PoolOptions = {},
): Promise<SimulationResult> {
  const options = parseSimulationOptions(optionsInput);
  const workers = Math.max(1, Math.min(pool.workers ?? options.workers, options.trials));
  const chunkSize =
    pool.chunkSize ?? Math.min(50_000, Math.max(1_000, Math.ceil(options.trials / (workers * 8))));
  const queue = chunkRanges(options.trials, chunkSize);
  // Chunks are copied into the run's arrays as they arrive (and dropped), so peak memory holds one set.
  const merge = new OutcomeMerge(options.trials);
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
    const setupCpuMs = threadCpuMs() - setupFrom;
    const chunkCpuMs = threads.map(() => 0);
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
                if (msg.type === 'ready') next();
                else if (msg.type === 'progress') {
                  running.set(msg.from, msg.done);
                  report();
                } else if (msg.type === 'chunk') {
                  running.delete(msg.from);
                  chunkCpuMs[t]! += msg.cpuMs;
                  finished += msg.to - msg.from;
                  merge.add(decodeOutcomes(msg.bytes, true));
                  report();
                  next();
                }
              });
              w.postMessage({ type: 'init', model } satisfies WorkerRequest);
            }),
        ),
      ),
    );
    const summaryCpuMs = threads.map(() => 0);
    const summaries = await untilFailed(summarizeOnWorkers(threads, handlers, model, merge, summaryCpuMs));
    const assembleFrom = threadCpuMs();
    const result = merge.result(scenario.name, model, summaries);
    pool.onTimings?.({ setupCpuMs, chunkCpuMs, summaryCpuMs, assembleCpuMs: threadCpuMs() - assembleFrom });
    return result;
  } finally {
    pool.signal?.removeEventListener('abort', onAbort);
    await Promise.all(threads.map((w) => w.terminate()));
  }
}

/** The result's summaries (summaryJobs), computed by the workers in parallel. The providers' job (the PACS and
 *  every member: one selection, then a summary per scale) is cut into one part per worker; the parts, largest
 *  first, each go to the least loaded worker (its outcomes copied there); the answers come back in the jobs'
 *  order. */
function summarizeOnWorkers(
  threads: Worker[],
  handlers: Map<Worker, (msg: WorkerReply) => void>,
  model: SimulationModel,
  merge: OutcomeMerge,
  cpuMs: number[],
): Promise<DistributionSummary[][]> {
  const jobs = summaryJobs(model, merge.outcomes());
  const parts: { job: number; values: Float64Array; scales: number[] }[] = [];
  jobs.forEach((job, j) => {
    const pieces = Math.min(threads.length, job.scales.length);
    const size = Math.ceil(job.scales.length / pieces);
    for (let from = 0; from < job.scales.length; from += size)
      parts.push({ job: j, values: job.values, scales: job.scales.slice(from, from + size) });
  });
  const cost = (p: number) => 2 + parts[p]!.scales.length; // a selection costs about two summaries
  const load = threads.map(() => 0);
  const owner: Worker[] = [];
  for (const p of parts.map((_, p) => p).sort((a, b) => cost(b) - cost(a))) {
    const t = load.indexOf(Math.min(...load));
    load[t]! += cost(p);
    owner[p] = threads[t]!;
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
      owner[p]!.postMessage({
        type: 'summarize',
        job: p,
        values: part.values,
        bins: model.histogramBins,
        scales: part.scales,
      } satisfies WorkerRequest),
    );
  });
}
