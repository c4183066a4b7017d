import * as z from 'zod';
import { ScenarioRef, parseRef } from '../../../shared/contract/wire/index.ts';
import type { OperationValue, Override } from '../../../shared/contract/wire/index.ts';
import type { PacsClient } from '../client/index.ts';
import type { EngineGateway } from './engineGateway.ts';
import { NotCalculatedError, OperationError } from './errors.ts';
import { sleep } from './retrying.ts';

export interface SimulationArgs {
  scenario: string;
  year: number;
  trials?: number | undefined;
  seed?: number | undefined;
  overrides?: Override[] | undefined;
}

/** A stream's listener: a status row or the risk table, or an error. */
export type SimulationUpdate = { ok: true; value: OperationValue } | { ok: false; error: Error };

/** The fields of a SimulationResult the risk table shows (the service's result, checked on arrival). */
const Estimate = z.object({ value: z.number() });
const Party = z.object({
  party: z.string(),
  mean: Estimate,
  sd: Estimate,
  percentiles: z.array(z.object({ p: z.number(), value: z.number() })),
  pLoss: Estimate,
  var95: Estimate,
  tvar95: Estimate,
});
const ResultTable = z.object({ trials: z.number(), seed: z.number(), parties: z.array(Party) });

export const RISK_TABLE_HEADER = [
  'party',
  'mean GBP',
  'sd GBP',
  'P5 GBP',
  'P50 GBP',
  'P95 GBP',
  'P(loss)',
  'VaR 95% GBP',
  'TVaR 95% GBP',
];

interface Job {
  listeners: Set<(u: SimulationUpdate) => void>;
  last: SimulationUpdate;
  runId: string | undefined;
  finished: boolean;
  stop: AbortController;
}

/** PACS.SIMULATE: submits a simulation job with an idempotency key made from the arguments (so every cell with
 *  the same arguments, and a retried submit, share one run), streams "queued" and "running 43%", then the risk
 *  table; when the last cell showing a run goes, the run is cancelled. Finished tables are kept: the same
 *  arguments show them again at once. */
export class SimulationJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly finished = new Map<string, OperationValue>();

  constructor(
    private readonly client: Pick<PacsClient, 'simulations'>,
    private readonly gateway: EngineGateway,
    private readonly o: { firstPollMs?: number; maxPollMs?: number } = {},
  ) {}

  /** Starts (or joins) the run for `args`; `listener` gets every update. Returns the withdraw function. */
  watch(args: SimulationArgs, listener: (u: SimulationUpdate) => void): () => void {
    let withdrawn = false;
    let job: Job | undefined;
    const detach = () => {
      withdrawn = true;
      if (!job) return;
      job.listeners.delete(listener);
      if (job.listeners.size === 0 && !job.finished) this.cancel(job);
    };
    void this.pin(args)
      .then(async (pinned) => {
        if (withdrawn) return;
        const key = await idempotencyKey(pinned);
        if (withdrawn) return;
        const table = this.finished.get(key);
        if (table) return listener({ ok: true, value: table });
        if (!this.gateway.networkAllowed()) return listener({ ok: false, error: new NotCalculatedError() });
        job = this.jobs.get(key);
        if (!job) {
          job = {
            listeners: new Set(),
            last: { ok: true, value: [['queued']] },
            runId: undefined,
            finished: false,
            stop: new AbortController(),
          };
          this.jobs.set(key, job);
          void this.run(key, pinned, job);
        }
        job.listeners.add(listener);
        listener(job.last);
      })
      .catch((error: Error) => {
        if (!withdrawn) listener({ ok: false, error });
      });
    return detach;
  }

  private async pin(args: SimulationArgs): Promise<SimulationArgs> {
    const ref = parseRef(ScenarioRef.parse(args.scenario));
    const version = ref.version ?? (await this.gateway.resolveLatest(ref.id));
    return { ...args, scenario: `${ref.id}@${version}` };
  }

  private async run(key: string, args: SimulationArgs, job: Job): Promise<void> {
    const signal = job.stop.signal;
    const publish = (u: SimulationUpdate) => {
      job.last = u;
      for (const l of job.listeners) l(u);
    };
    const body = {
      scenario: args.scenario,
      options: {
        year: args.year,
        ...(args.trials !== undefined ? { trials: args.trials } : {}),
        ...(args.seed !== undefined ? { seed: args.seed } : {}),
      },
      ...(args.overrides ? { overrides: args.overrides } : {}),
    };
    try {
      let status = await this.gateway.request((o) => this.client.simulations.submit(body, key, o), {
        signal,
      });
      // A run with this key that was cancelled or failed before is not reused: the same arguments run again.
      if (status.status === 'cancelled' || status.status === 'failed') {
        const again = `${key}.${Date.now().toString(36)}`;
        status = await this.gateway.request((o) => this.client.simulations.submit(body, again, o), {
          signal,
        });
      }
      job.runId = status.id;
      let wait = this.o.firstPollMs ?? 250;
      while (!signal.aborted) {
        if (status.status === 'succeeded') {
          const table = riskTable(status.result);
          this.finished.set(key, table);
          job.finished = true;
          publish({ ok: true, value: table });
          return;
        }
        if (status.status === 'failed' || status.status === 'cancelled') {
          job.finished = true;
          publish({
            ok: false,
            error: new OperationError(
              status.status,
              status.error?.message ?? `the simulation was ${status.status}`,
              undefined,
              false,
            ),
          });
          return;
        }
        const { done, total } = status.progress;
        publish({
          ok: true,
          value: [
            [
              status.status === 'queued'
                ? 'queued'
                : `running ${total > 0 ? Math.floor((100 * done) / total) : 0}%`,
            ],
          ],
        });
        await sleep(wait, signal);
        wait = Math.min(this.o.maxPollMs ?? 2_000, wait * 1.5);
        if (signal.aborted) return;
        const runId = status.id;
        status = await this.gateway.request((o) => this.client.simulations.get(runId, o), { signal });
      }
    } catch (error) {
      job.finished = true;
      if (!signal.aborted) publish({ ok: false, error: error as Error });
    } finally {
      if (this.jobs.get(key) === job) this.jobs.delete(key);
    }
  }

  private cancel(job: Job): void {
    job.stop.abort();
    const runId = job.runId;
    // Best effort: a run nobody watches any more is stopped on the service too.
    if (runId) void this.gateway.request((o) => this.client.simulations.cancel(runId, o)).catch(() => {});
  }
}

/** The risk table: one row per party (the commissioner, the PACS, each member), GBP, positive = gain. */
export function riskTable(result: unknown): OperationValue {
  const r = ResultTable.safeParse(result);
  if (!r.success)
    throw new OperationError('bad_response', 'the simulation result is not readable', undefined, false);
  const pct = (ps: { p: number; value: number }[], p: number) =>
    ps.find((x) => Math.abs(x.p - p) < 1e-9)?.value ?? '';
  return [
    RISK_TABLE_HEADER,
    ...r.data.parties.map((p) => [
      p.party,
      p.mean.value,
      p.sd.value,
      pct(p.percentiles, 0.05),
      pct(p.percentiles, 0.5),
      pct(p.percentiles, 0.95),
      p.pLoss.value,
      p.var95.value,
      p.tvar95.value,
    ]),
  ];
}

/** A stable key from the arguments, so a retried or repeated submit finds the same run. */
async function idempotencyKey(args: SimulationArgs): Promise<string> {
  const text = JSON.stringify([
    args.scenario,
    args.year,
    args.trials ?? null,
    args.seed ?? null,
    args.overrides ?? [],
  ]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `pacs-simulate-${hex.slice(0, 40)}`;
}
