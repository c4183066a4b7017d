import { simulateInWorkers } from './workerPool.ts';
import { toHttpError } from '../http/errorMapping.ts';
import type { SimulationRunner } from './runnerPort.ts';
import type { OrgId } from '../store/ports.ts';
import type { SimulationStore } from '../store/simulationPorts.ts';

interface Job {
  org: OrgId;
  runId: string;
  scenario: unknown;
  options: unknown;
}

/** Runs simulation jobs one at a time on a worker_threads pool in this process (the machine's cores are shared
 *  by every job, so running two at once would only make both slower). Progress is written at most every
 *  `progressEveryMs`; a run cancelled meanwhile is stopped at its next progress report. */
export function createLocalSimulationRunner(
  store: SimulationStore,
  options: { workers: number; progressEveryMs?: number },
): SimulationRunner & { idle(): Promise<void> } {
  const queue: Job[] = [];
  let running: Promise<void> | null = null;

  async function run(job: Job): Promise<void> {
    const { org, runId } = job;
    const current = await store.get(org, runId, { withResult: false });
    if (current.status !== 'queued') return; // cancelled before it started
    const controller = new AbortController();
    let lastWrite = 0;
    try {
      const result = await simulateInWorkers(
        job.scenario,
        { ...(job.options as object), workers: options.workers },
        {
          workers: options.workers,
          signal: controller.signal,
          onProgress: (done, total) => {
            const now = Date.now();
            if (now - lastWrite < (options.progressEveryMs ?? 250) && done < total) return;
            lastWrite = now;
            void store
              .updateProgress(org, runId, { done, total })
              .then((r) => {
                if (r.status === 'cancelled') controller.abort();
              })
              .catch(() => {}); // progress is best effort; the final write decides
          },
        },
      );
      await store.complete(org, runId, result);
    } catch (e) {
      if (controller.signal.aborted) return;
      const { body } = toHttpError(e);
      await store.fail(org, runId, { code: body.error.code, message: body.error.message }).catch(() => {});
    }
  }

  function pump(): void {
    if (running) return;
    const job = queue.shift();
    if (!job) return;
    running = run(job).finally(() => {
      running = null;
      pump();
    });
  }

  return {
    start(org, runId, job) {
      queue.push({ org, runId, ...job });
      pump();
    },
    async idle() {
      while (running || queue.length) await (running ?? Promise.resolve());
    },
  };
}
