import { SignInRequiredError } from '../auth/index.ts';
import {
  ApiError,
  CancelledError,
  DEFAULT_RETRY,
  NetworkError,
  type RetryPolicy,
  backoffMs,
  isRetryable,
} from '../client/index.ts';
import type { CalcRequestBody } from '../client/index.ts';
import {
  MAX_OPERATIONS,
  type OperationResult,
  type OperationValue,
} from '../../../shared/contract/wire/index.ts';
import { type Outcome, ResultCache } from './cache.ts';
import { NotCalculatedError, OperationError, ServiceUnavailableError } from './errors.ts';
import { callKey, normalise, scenarioRefOf, withRef } from './keys.ts';
import { type FetchLatest, LatestVersions } from './latest.ts';
import { retrying, sleep, withDeadline } from './retrying.ts';
import { Semaphore } from './semaphore.ts';
import type { CalculationMode, GatewayStatus, OperationCall, Pending } from './types.ts';

export interface GatewaySettings {
  /** Sends one batch (POST /v1/calc); the client's calc. */
  calc(
    body: CalcRequestBody,
    o: { signal: AbortSignal; timeoutMs: number },
  ): Promise<{ results: OperationResult[] }>;
  /** The latest version of a scenario (one small request). Without it, "latest" calls go to the service as
   *  they are and their results expire after latestTtlMs. */
  latestVersion?: FetchLatest;
  /** Calls arriving within this window share a request. */
  windowMs?: number;
  /** The service's limit per request (MAX_OPERATIONS). */
  maxOpsPerRequest?: number;
  /** A request is sent early once its operations reach about this many bytes. */
  maxRequestBytes?: number;
  maxInFlight?: number;
  /** Per request, under the HTTP API's 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** How long "latest" stays resolved (and unpinned results stay cached). */
  latestTtlMs?: number;
  cacheCapacity?: number;
  now?: () => number;
}

type Value = OperationValue;

/** Deterministic errors: the same call gets the same answer from the same scenario version. */
const REMEMBERED_ERRORS = new Set(['validation_error', 'domain_error']);

class Waiter {
  settled = false;
  entry: Entry | undefined;
  readonly promise: Promise<Value>;
  private resolveFn!: (v: Value) => void;
  private rejectFn!: (e: Error) => void;
  constructor(private readonly done: (w: Waiter) => void) {
    this.promise = new Promise<Value>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }
  succeed(v: Value) {
    if (this.settled) return;
    this.settled = true;
    this.resolveFn(v);
    this.done(this);
  }
  fail(e: Error) {
    if (this.settled) return;
    this.settled = true;
    this.rejectFn(e);
    this.done(this);
  }
}

class Entry {
  readonly waiters = new Set<Waiter>();
  state: 'queued' | 'sending' | 'settled' = 'queued';
  chunk: Chunk | undefined;
  constructor(
    readonly key: string,
    readonly call: OperationCall,
    /** Results of pinned versions never expire. */
    readonly pinned: boolean,
    readonly bytes: number,
  ) {}
}

class Chunk {
  /** Aborts when every caller of every operation in it has gone. */
  readonly controller = new AbortController();
  constructor(readonly entries: Entry[]) {
    for (const e of entries) {
      e.state = 'sending';
      e.chunk = this;
    }
  }
  abandoned(): boolean {
    return this.entries.every((e) => e.waiters.size === 0);
  }
}

/** The engine gateway: every PACS.* cell's call goes through it. Calls within a short window are batched into
 *  POST /v1/calc requests; identical calls are sent once; requests are split at the service's operation limit
 *  (and at about 1 MB); at most four are in flight; each has a timeout, and failures worth retrying are retried
 *  a bounded number of times with jitter. Every call settles: a value, or a typed error. Results are cached
 *  (pinned versions for good, "latest" for a short time); callers withdraw with reference counting. Manual
 *  mode sends nothing until Refresh. */
export class EngineGateway {
  private readonly windowMs: number;
  private readonly maxOps: number;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly slots: Semaphore;
  private readonly cache: ResultCache<Value>;
  private readonly latest: LatestVersions | undefined;

  private readonly entries = new Map<string, Entry>();
  private queue: Entry[] = [];
  private queuedBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly live = new Set<Waiter>();
  private idleWaiters: (() => void)[] = [];
  private readonly listeners = new Set<(s: GatewayStatus) => void>();
  private readonly refreshListeners = new Set<() => void>();

  private mode: CalculationMode = 'automatic';
  private refreshing = 0;
  private inFlight = 0;
  private requestsSent = 0;
  private operationsSent = 0;
  private lastError: GatewayStatus['lastError'];
  private lastRefreshAt: number | undefined;

  constructor(private readonly settings: GatewaySettings) {
    this.windowMs = settings.windowMs ?? 30;
    this.maxOps = Math.min(settings.maxOpsPerRequest ?? MAX_OPERATIONS, MAX_OPERATIONS);
    this.maxBytes = settings.maxRequestBytes ?? 1024 * 1024;
    this.timeoutMs = settings.timeoutMs ?? 20_000;
    this.retry = { ...DEFAULT_RETRY, ...settings.retry };
    this.ttlMs = settings.latestTtlMs ?? 60_000;
    this.now = settings.now ?? Date.now;
    this.slots = new Semaphore(settings.maxInFlight ?? 4);
    this.cache = new ResultCache(settings.cacheCapacity ?? 50_000);
    this.latest = settings.latestVersion
      ? new LatestVersions(settings.latestVersion, {
          ttlMs: this.ttlMs,
          timeoutMs: this.timeoutMs,
          retry: this.retry,
          slots: this.slots,
          now: this.now,
          onRequest: () => {
            this.requestsSent++;
          },
        })
      : undefined;
  }

  /** One cell's call. */
  calculate(call: OperationCall): Pending<Value> {
    const waiter = new Waiter((w) => this.settled(w));
    this.live.add(waiter);
    this.admit(normalise(call), waiter).catch((e: unknown) => waiter.fail(this.describe(e)));
    return { promise: waiter.promise, cancel: (reason) => this.withdraw(waiter, reason) };
  }

  /** The cached value of a call, without sending anything (Excel's formula value preview). */
  cached(call: OperationCall): Value | undefined {
    let c = normalise(call);
    const ref = scenarioRefOf(c);
    if (ref && ref.version === undefined && this.latest) {
      const version = this.latest.peek(ref.id);
      if (version === undefined) return undefined;
      c = withRef(c, `${ref.id}@${version}`);
    }
    const hit = this.cache.get(callKey(c), this.now(), this.mode === 'manual');
    return hit?.ok ? hit.value : undefined;
  }

  /** The version "latest" means for a scenario now (shared with PACS.SCENARIO and SIMULATE). */
  resolveLatest(id: string): Promise<number> {
    if (!this.latest) return Promise.reject(new Error('no latest-version lookup configured'));
    return this.latest.resolve(id, this.networkAllowed());
  }

  /** Runs one other request (scenario library, simulation job) under the same rules: one of the in-flight
   *  slots, a deadline, bounded retries; fails with the error a cell can show. */
  async request<T>(
    task: (o: { signal: AbortSignal; timeoutMs: number }) => Promise<T>,
    options: { signal?: AbortSignal; retries?: number } = {},
  ): Promise<T> {
    const release = await this.slots.acquire();
    this.inFlight++;
    try {
      return await retrying(
        () => {
          this.requestsSent++;
          const controller = new AbortController();
          const abort = () => controller.abort();
          options.signal?.addEventListener('abort', abort, { once: true });
          return withDeadline(
            task({ signal: controller.signal, timeoutMs: this.timeoutMs }),
            this.timeoutMs + Math.min(2_000, this.timeoutMs),
            () => {
              controller.abort();
              return new NetworkError('timeout', 'no answer from the PACS service');
            },
          ).finally(() => options.signal?.removeEventListener('abort', abort));
        },
        { ...this.retry, retries: options.retries ?? this.retry.retries },
        options.signal,
      );
    } catch (e) {
      const error = this.describe(e);
      if (error instanceof ServiceUnavailableError)
        this.lastError = { message: error.message, at: this.now() };
      throw error;
    } finally {
      this.inFlight--;
      release();
    }
  }

  /** Whether calls may go to the service now (automatic mode, or a Refresh running). */
  networkAllowed(): boolean {
    return this.mode === 'automatic' || this.refreshing > 0;
  }

  /** Called at the start of every Refresh (the scenario library forgets its lists). */
  onRefresh(listener: () => void): void {
    this.refreshListeners.add(listener);
  }

  setMode(mode: CalculationMode): void {
    this.mode = mode;
    this.notify();
  }

  getMode(): CalculationMode {
    return this.mode;
  }

  /** Refresh: forgets what "latest" meant and every result that can go stale, lets calls through even in manual
   *  mode, asks the host to recalculate (Excel: the workbook's PACS cells) and resolves when every call made in
   *  the meantime has settled. Pinned results stay cached: they cannot change. */
  async refresh(recalculate?: () => Promise<void>): Promise<void> {
    this.latest?.clear();
    this.cache.dropExpiring();
    for (const l of this.refreshListeners) l();
    this.refreshing++;
    this.lastRefreshAt = this.now();
    this.notify();
    try {
      await recalculate?.();
      await this.idle();
    } finally {
      this.refreshing--;
      this.notify();
    }
  }

  /** Withdraws every waiting call (the pane's Cancel): each settles with CancelledError. */
  cancelAll(reason = 'Cancelled from the PACS pane'): void {
    for (const w of [...this.live]) this.withdraw(w, reason);
  }

  /** Resolves when no call is waiting. */
  idle(): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops every cached result (tests, sign-out). */
  clearCache(): void {
    this.cache.clear();
    this.latest?.clear();
  }

  status(): GatewayStatus {
    return {
      mode: this.mode,
      refreshing: this.refreshing > 0,
      pendingCalls: this.live.size,
      queuedOperations: this.queue.length,
      requestsInFlight: this.inFlight,
      requestsSent: this.requestsSent,
      operationsSent: this.operationsSent,
      cacheEntries: this.cache.size,
      lastError: this.lastError,
      lastRefreshAt: this.lastRefreshAt,
    };
  }

  subscribe(listener: (s: GatewayStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async admit(call: OperationCall, waiter: Waiter): Promise<void> {
    let c = call;
    let pinned = false;
    const ref = scenarioRefOf(c);
    if (ref?.version !== undefined) pinned = true;
    else if (ref && this.latest) {
      const version = await this.latest.resolve(ref.id, this.networkAllowed());
      if (waiter.settled) return;
      c = withRef(c, `${ref.id}@${version}`);
      pinned = true;
    }
    const key = callKey(c);
    const hit = this.cache.get(key, this.now(), this.mode === 'manual');
    if (hit) return hit.ok ? waiter.succeed(hit.value) : waiter.fail(hit.error);
    if (!this.networkAllowed()) return waiter.fail(new NotCalculatedError());
    const existing = this.entries.get(key);
    const entry = existing ?? new Entry(key, c, pinned, key.length + 32);
    entry.waiters.add(waiter);
    waiter.entry = entry;
    if (!existing) {
      this.entries.set(key, entry);
      this.enqueue(entry);
    }
  }

  private enqueue(entry: Entry): void {
    this.queue.push(entry);
    this.queuedBytes += entry.bytes;
    if (this.queue.length >= this.maxOps || this.queuedBytes >= this.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const queue: Entry[] = [];
    for (const e of this.queue) {
      if (e.waiters.size > 0) queue.push(e);
      else this.forget(e);
    }
    this.queue = [];
    this.queuedBytes = 0;
    while (queue.length > 0) {
      const chunk: Entry[] = [];
      let bytes = 0;
      while (queue.length > 0 && chunk.length < this.maxOps) {
        const next = queue[0]!;
        if (chunk.length > 0 && bytes + next.bytes > this.maxBytes) break;
        chunk.push(queue.shift()!);
        bytes += next.bytes;
      }
      void this.dispatch(new Chunk(chunk));
    }
    this.notify();
  }

  private async dispatch(chunk: Chunk): Promise<void> {
    const release = await this.slots.acquire();
    this.inFlight++;
    this.notify();
    try {
      await this.run(chunk);
    } catch (e) {
      this.fail(chunk.entries, this.describe(e));
    } finally {
      this.inFlight--;
      release();
      // Belt and braces: nothing leaves a chunk unsettled. A caller that attached to an operation of an
      // abandoned chunk after its request was aborted is sent again.
      for (const e of chunk.entries) {
        if (e.state === 'settled') continue;
        if (e.waiters.size === 0) this.forget(e);
        else if (chunk.controller.signal.aborted) {
          e.state = 'queued';
          this.enqueue(e);
        } else this.fail([e], new ServiceUnavailableError('no answer for this call; Refresh to retry', null));
      }
      this.notify();
    }
  }

  private async run(chunk: Chunk): Promise<void> {
    const signal = chunk.controller.signal;
    for (let attempt = 0; ; attempt++) {
      const live = chunk.entries.filter((e) => e.waiters.size > 0);
      if (live.length === 0) return;
      try {
        this.requestsSent++;
        this.operationsSent += live.length;
        const body: CalcRequestBody = {
          ops: live.map((e, i) => ({
            id: String(i),
            fn: e.call.fn,
            args: e.call.args,
            ...(e.call.overrides ? { overrides: e.call.overrides } : {}),
          })),
        };
        const response = await withDeadline(
          this.settings.calc(body, { signal, timeoutMs: this.timeoutMs }),
          this.timeoutMs + Math.min(2_000, this.timeoutMs),
          () => new NetworkError('timeout', 'no answer from the PACS service'),
        );
        this.deliver(live, response.results);
        return;
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof ApiError && e.status === 413 && live.length > 1) {
          // The answer would be too large for one response: halve until it fits.
          const half = Math.ceil(live.length / 2);
          await this.run(new Chunk(live.slice(0, half)));
          await this.run(new Chunk(live.slice(half)));
          return;
        }
        if (!isRetryable(e) || attempt >= this.retry.retries) {
          this.fail(live, this.describe(e));
          return;
        }
        await sleep(backoffMs(attempt, this.retry, e), signal);
      }
    }
  }

  private deliver(live: Entry[], results: OperationResult[]): void {
    const byId = new Map(results.map((r) => [r.id, r]));
    const expiresAt = (e: Entry) => (e.pinned ? Number.POSITIVE_INFINITY : this.now() + this.ttlMs);
    live.forEach((entry, i) => {
      const r = byId.get(String(i));
      if (!r) {
        this.fail([entry], new ServiceUnavailableError('the service returned no result for this call', null));
        return;
      }
      if (r.ok) {
        this.cache.set(entry.key, { ok: true, value: r.value }, expiresAt(entry));
        this.settle(entry, { ok: true, value: r.value });
        return;
      }
      const error = new OperationError(r.error.code, r.error.message, r.error.field, r.error.retryable);
      if (REMEMBERED_ERRORS.has(r.error.code))
        this.cache.set(entry.key, { ok: false, error }, expiresAt(entry));
      this.settle(entry, { ok: false, error });
    });
  }

  private fail(entries: Entry[], error: Error): void {
    if (!(error instanceof OperationError) && !(error instanceof CancelledError))
      this.lastError = { message: error.message, at: this.now() };
    for (const e of entries) this.settle(e, { ok: false, error });
  }

  private settle(entry: Entry, outcome: Outcome<Value>): void {
    entry.state = 'settled';
    this.forget(entry);
    for (const w of entry.waiters) outcome.ok ? w.succeed(outcome.value) : w.fail(outcome.error);
    entry.waiters.clear();
  }

  private forget(entry: Entry): void {
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
  }

  private withdraw(waiter: Waiter, reason = 'cancelled'): void {
    if (waiter.settled) return;
    waiter.fail(new CancelledError(reason));
    const entry = waiter.entry;
    if (!entry) return;
    entry.waiters.delete(waiter);
    if (entry.waiters.size > 0) return;
    if (entry.state === 'queued') {
      this.queue = this.queue.filter((e) => e !== entry);
      this.queuedBytes -= entry.bytes;
      this.forget(entry);
    } else if (entry.chunk?.abandoned()) entry.chunk.controller.abort();
  }

  private settled(waiter: Waiter): void {
    this.live.delete(waiter);
    if (this.live.size === 0 && this.idleWaiters.length > 0) {
      const waiting = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiting) resolve();
    }
  }

  /** The error a call settles with, whatever went wrong on the way. */
  private describe(e: unknown): Error {
    if (
      e instanceof SignInRequiredError ||
      e instanceof CancelledError ||
      e instanceof OperationError ||
      e instanceof NotCalculatedError ||
      e instanceof ServiceUnavailableError
    )
      return e;
    if (e instanceof ApiError && e.status === 429)
      return new ServiceUnavailableError('PACS service busy: Refresh to retry', e);
    if (e instanceof ApiError && e.status === 413)
      return new OperationError(
        'payload_too_large',
        'Result too large for one request; ask for less (for example one year at a time)',
        undefined,
        false,
      );
    if (e instanceof ApiError && !isRetryable(e))
      return new OperationError(e.code, e.message, e.field, false);
    if (isRetryable(e)) return new ServiceUnavailableError('PACS service unavailable: Refresh to retry', e);
    return new ServiceUnavailableError(`PACS add-in error: ${(e as Error)?.message ?? String(e)}`, e);
  }

  private notify(): void {
    if (this.listeners.size === 0) return;
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}
