import type { RetryPolicy } from '../client/index.ts';
import { NotCalculatedError } from './errors.ts';
import { retrying, withDeadline } from './retrying.ts';
import { NetworkError } from '../client/index.ts';
import type { Semaphore } from './semaphore.ts';

export type FetchLatest = (id: string, o: { signal: AbortSignal; timeoutMs: number }) => Promise<number>;

/** Which version "latest" means for each scenario, learnt with one small request per scenario and kept for a
 *  short time (Refresh forgets at once). Calls for `s_x` then run as calls for `s_x@n`: their results are
 *  cached like any pinned result, and one recalculation never mixes two versions of a scenario. */
export class LatestVersions {
  private readonly known = new Map<string, { version: number; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<number>>();

  constructor(
    private readonly fetchLatest: FetchLatest,
    private readonly o: {
      ttlMs: number;
      timeoutMs: number;
      retry: RetryPolicy;
      slots: Semaphore;
      now: () => number;
      onRequest: () => void;
    },
  ) {}

  /** The version now meant by `id`. Without network permission (manual mode), the last known one or
   *  NotCalculatedError. */
  resolve(id: string, networkAllowed: boolean): Promise<number> {
    const known = this.known.get(id);
    if (known && (known.expiresAt > this.o.now() || !networkAllowed)) return Promise.resolve(known.version);
    if (!networkAllowed) return Promise.reject(new NotCalculatedError());
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = this.fetch(id).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    return pending;
  }

  peek(id: string): number | undefined {
    const known = this.known.get(id);
    return known && known.expiresAt > this.o.now() ? known.version : undefined;
  }

  clear(): void {
    this.known.clear();
  }

  private async fetch(id: string): Promise<number> {
    const release = await this.o.slots.acquire();
    try {
      const version = await retrying(() => {
        this.o.onRequest();
        const controller = new AbortController();
        return withDeadline(
          this.fetchLatest(id, { signal: controller.signal, timeoutMs: this.o.timeoutMs }),
          this.o.timeoutMs + Math.min(2_000, this.o.timeoutMs),
          () => {
            controller.abort();
            return new NetworkError('timeout', 'no answer from the PACS service');
          },
        );
      }, this.o.retry);
      this.known.set(id, { version, expiresAt: this.o.now() + this.o.ttlMs });
      return version;
    } finally {
      release();
    }
  }
}
