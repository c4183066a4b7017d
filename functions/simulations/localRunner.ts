import { simulateInWorkers } from './workerPool.ts';
import { parseSimulationOptions } from '../../shared/core/simulation/index.ts';
import { toHttpError } from '../http/errorMapping.ts';
import type { SimulationRunner } from './runnerPort.ts';
import type { OrgId } from '../store/ports.ts';
import type { RunProgress, SimulationStore } from '../store/simulationPorts.ts';

interface Job {
  org: OrgId;
  runId: string;
  scenario: unknown;
  options: unknown;
}

export interface LocalSimulationRunner extends SimulationRunner {
  /** Resolves when no job is running or queued. */
  idle(): Promise<void>;
  /** Shutdown: stops the workers at once and takes no more jobs. Runs are left as they stand in the store (queued
   *  or running) for the next start to resume. */
  stop(): Promise<void>;
}

/** Runs simulation jobs one at a time on a worker_threads pool in this process (the machine's cores are shared
 *  by every job, so running two at once would only make both slower). A run is marked running, with its total,
 *  as soon as it starts. While it runs, a heartbeat every `progressEveryMs` writes its progress and reads back its
 *  status: a run cancelled meanwhile (DELETE, from any process) has its workers stopped at once, and a DELETE to
 *  this process stops them without waiting for the heartbeat. */
export function createLocalSimulationRunner(
  store: SimulationStore,
  options: { workers: number; progressEveryMs?: number },
): LocalSimulationRunner {
  const queue: Job[] = [];
  const everyMs = options.progressEveryMs ?? 250;
  let running: Promise<void> | null = null;
  let active: { org: OrgId; runId: string; controller: AbortController } | null = null;
  let workers: Promise<unknown> | null = null;
  let stopped = false;

  async function run(job: Job): Promise<void> {
    const { org, runId } = job;
    const current = await store.get(org, runId, { withResult: false });
    // Queued, or running when a restart resumes it; anything else was cancelled (or finished) meanwhile.
    if (current.status !== 'queued' && current.status !== 'running') return;
    if (stopped) return;
    const controller = new AbortController();
    active = { org, runId, controller };
    let progress: RunProgress = { done: 0, total: 0 };
    let beating: Promise<void> | null = null;
    const heartbeat = () => {
      if (beating) return beating; // a slow store: never pile writes up
      beating = store
        .updateProgress(org, runId, progress)
        .then((r) => {
          if (r.status !== 'running') controller.abort(); // cancelled (or finished elsewhere)
        })
        .catch(() => {}) // best effort: the final write decides
        .finally(() => {
          beating = null;
        });
      return beating;
    };
    let timer: ReturnType<typeof setInterval> | undefined;
    try {
      progress = { done: 0, total: parseSimulationOptions(job.options).trials };
      await heartbeat(); // queued -> running, 0 of total
      timer = setInterval(heartbeat, everyMs);
      const pool = simulateInWorkers(
        job.scenario,
        { ...(job.options as object), workers: options.workers },
        {
          workers: options.workers,
          signal: controller.signal,
          onProgress: (done, total) => {
            progress = { done, total };
          },
        },
      );
      workers = pool.catch(() => {});
      const result = await pool;
      clearInterval(timer);
      await beating;
      await store.complete(org, runId, result);
    } catch (e) {
      if (controller.signal.aborted) return;
      const { body } = toHttpError(e);
      await store.fail(org, runId, { code: body.error.code, message: body.error.message }).catch(() => {});
    } finally {
      clearInterval(timer);
      active = null;
      workers = null;
    }
  }

  function pump(): void {
    if (running) return;
    const job = queue.shift();
    if (!job) return;
    running = run(job)
      .catch(() => {}) // the store was unreachable: the run stays as it stands
      .finally(() => {
        running = null;
        pump();
      });
  }

  return {
    start(org, runId, job) {
      if (stopped) return;
      queue.push({ org, runId, ...job });
      pump();
    },
    async idle() {
      while (running || queue.length) await (running ?? Promise.resolve());
    },
    async cancel(org, runId) {
      // The route has marked it cancelled: stop its workers now rather than at the next heartbeat.
      if (active?.org === org && active.runId === runId) active.controller.abort();
    },
    async stop() {
      stopped = true;
      queue.length = 0;
      active?.controller.abort();
      // The pool settles once its workers are terminated. A store call in flight is not waited for: it fails
      // harmlessly once the client is destroyed, and the run stays as it stands for the next start.
      await workers;
    },
  };
}
