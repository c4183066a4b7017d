import { RiskResult } from '../core/risk.ts';
import { isError } from './errorKinds.ts';
import type { PaneServices } from './runtime.ts';

export interface SimulationRequest {
  /** A pinned reference, s_...@n: a run is a record of one version. */
  scenario: string;
  year: number;
  trials: number;
  seed: number;
}

export type SimulationProgress =
  | { state: 'submitting' }
  | { state: 'queued' | 'running'; runId: string; done: number; total: number }
  | {
      state: 'succeeded';
      runId: string;
      result: RiskResult /** The pinned version the run used. */;
      scenario: string;
    }
  | { state: 'cancelled'; runId: string | undefined }
  | { state: 'failed'; message: string };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** One run from the pane: submit (with an idempotency key, so a retried submit finds the same run), poll with
 *  backoff while reporting progress, and Cancel that stops the run on the service too. Every request goes through
 *  the gateway (its in-flight slots, timeouts and retries). */
export function startSimulation(
  services: Pick<PaneServices, 'client' | 'gateway'>,
  request: SimulationRequest,
  onProgress: (p: SimulationProgress) => void,
): { cancel(): Promise<void>; done: Promise<SimulationProgress> } {
  const stop = new AbortController();
  let runId: string | undefined;
  const { client, gateway } = services;

  const done = (async (): Promise<SimulationProgress> => {
    const finish = (p: SimulationProgress) => {
      onProgress(p);
      return p;
    };
    try {
      onProgress({ state: 'submitting' });
      const key = `pacs-pane-${crypto.randomUUID()}`;
      const body = {
        scenario: request.scenario,
        options: { year: request.year, trials: request.trials, seed: request.seed },
      };
      let status = await gateway.request((o) => client.simulations.submit(body, key, o), {
        signal: stop.signal,
      });
      runId = status.id;
      let wait = 200;
      for (;;) {
        if (status.status === 'succeeded') {
          const parsed = RiskResult.safeParse(status.result);
          if (!parsed.success)
            return finish({ state: 'failed', message: 'the simulation result is not readable' });
          return finish({
            state: 'succeeded',
            runId: status.id,
            result: parsed.data,
            scenario: status.scenario,
          });
        }
        if (status.status === 'cancelled') return finish({ state: 'cancelled', runId });
        if (status.status === 'failed')
          return finish({ state: 'failed', message: status.error?.message ?? 'the simulation failed' });
        onProgress({ state: status.status, runId: status.id, ...status.progress });
        await sleep(wait, stop.signal);
        if (stop.signal.aborted) return finish({ state: 'cancelled', runId });
        wait = Math.min(1_000, wait * 1.5);
        const id = status.id;
        status = await gateway.request((o) => client.simulations.get(id, o), { signal: stop.signal });
      }
    } catch (e) {
      if (isError(e, 'CancelledError') || stop.signal.aborted) return finish({ state: 'cancelled', runId });
      return finish({ state: 'failed', message: (e as Error).message });
    }
  })();

  return {
    done,
    async cancel() {
      stop.abort();
      const id = runId;
      // The run stops on the service too; what it says is the run's final state.
      if (id) await gateway.request((o) => client.simulations.cancel(id, o)).catch(() => undefined);
      await done;
    },
  };
}
