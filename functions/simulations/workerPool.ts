import { Worker } from 'node:worker_threads';
import { type SimulationModel, buildModel } from '../../shared/core/simulation/index.ts';
import { parseSimulationOptions } from '../../shared/core/simulation/index.ts';
import type { SimulationResult } from '../../shared/core/simulation/index.ts';
import { chunkRanges } from '../../shared/core/simulation/index.ts';
import { parseScenario } from '../../shared/core/scenario/index.ts';
import { decodeOutcomes } from './outcomeCodec.ts';
import { OutcomeMerge } from './outcomeMerge.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';
import { workerBundle } from './workerBundle.ts';
import { calculate } from '../../shared/core/engine/index.ts';

/* Runs a simulation on worker_threads. Trials are cut into chunks handed to whichever worker is free; every trial
 * draws from its own (seed, trial) stream and the chunks are merged by trial index, so the result is bit-identical
 * for any number of workers or chunk size. Workers load the pre-built JavaScript bundle of worker.ts
 * (workerBundle.ts: built at install, rebuilt when a source changed), so they start in milliseconds under
 * `node bin/pacs.mjs`, tsx and vitest alike. */

export interface PoolOptions {
  /** Worker threads (default: options.workers). */
  workers?: number;
  /** Trials per chunk (default: about 8 chunks per worker, between 1,000 and 50,000). */
  chunkSize?: number;
  /** Called with the number of trials finished so far. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the workers at once and rejects with the signal's reason (a cancelled run). */
  signal?: AbortSignal;
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
  const scenario = parseScenario(scenarioInput);
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
  let model: SimulationModel;
  try {
    // Built once, here, while the workers start; each worker gets a structured clone (plain data).
    model = buildModel(scenario, options, calculate(scenario));
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            if (pool.signal?.aborted) return reject(pool.signal.reason);
            pool.signal?.addEventListener('abort', () => reject(pool.signal!.reason), { once: true });
            const next = () => {
              const range = queue.shift();
              if (range === undefined) return resolve();
              running.set(range[0], 0);
              w.postMessage({ type: 'chunk', from: range[0], to: range[1] } satisfies WorkerRequest);
            };
            w.on('message', (msg: WorkerReply) => {
              if (msg.type === 'ready') next();
              else if (msg.type === 'progress') {
                running.set(msg.from, msg.done);
                report();
              } else if (msg.type === 'chunk') {
                running.delete(msg.from);
                finished += msg.to - msg.from;
                merge.add(decodeOutcomes(msg.bytes));
                report();
                next();
              } else reject(new Error(`simulation worker: ${msg.message}`));
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (code !== 0) reject(new Error(`simulation worker exited with code ${code}`));
            });
            w.postMessage({ type: 'init', model } satisfies WorkerRequest);
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return merge.result(scenario.name, model);
}
