// The engine gateway against a scripted service: batching, de-duplication, splitting, the in-flight cap,
// timeouts, bounded retries with jitter, always-settle, the pinned/latest cache, reference-counted cancellation,
// manual mode and Refresh. The service answers each operation with a value naming the call, so routing errors
// show; the integration tier runs the same gateway against the real service.
import { describe, expect, it } from 'vitest';
import { SignInRequiredError } from '../../../addin/src/auth/index.ts';
import { ApiError, CancelledError, NetworkError } from '../../../addin/src/client/index.ts';
import {
  EngineGateway,
  type GatewaySettings,
  NotCalculatedError,
  OperationError,
  ServiceUnavailableError,
} from '../../../addin/src/gateway/index.ts';
import type { CalcRequestBody } from '../../../addin/src/client/index.ts';
import type { OperationResult } from '../../../shared/contract/wire/index.ts';

const S = 's_abcdefghijklmnopqrst';
const T = 's_bbbbbbbbbbbbbbbbbbbb';
type Op = CalcRequestBody['ops'][number];
type Answer = (op: Op) => OperationResult;

const echo: Answer = (op) => ({ id: op.id, ok: true, value: `${op.fn}${JSON.stringify(op.args)}` });

/** A scripted POST /v1/calc: records every request, tracks concurrency, answers per `script`. */
function service(
  script: (
    body: CalcRequestBody,
    n: number,
    signal: AbortSignal,
  ) => Promise<OperationResult[]> | OperationResult[] = (body) => body.ops.map(echo),
) {
  const requests: CalcRequestBody[] = [];
  const signals: AbortSignal[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const calc: GatewaySettings['calc'] = async (body, o) => {
    requests.push(body);
    signals.push(o.signal);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      return { results: await script(body, requests.length, o.signal) };
    } finally {
      inFlight--;
    }
  };
  return {
    calc,
    requests,
    signals,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

const gateway = (s: Pick<GatewaySettings, 'calc'> & Partial<GatewaySettings>) =>
  new EngineGateway({ windowMs: 5, retry: { baseMs: 1, maxMs: 5 }, ...s });

const cap = (g: EngineGateway, year: number, ref = `${S}@1`) =>
  g.calculate({ fn: 'CAPITATION', args: [ref, year] });

/** A promise and its resolver, to hold a response until the test releases it. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('batching', () => {
  it('sends the calls of one window in one request and routes each result to its call', async () => {
    const svc = service();
    const g = gateway({ calc: svc.calc });
    const values = await Promise.all([1, 2, 3].map((y) => cap(g, y).promise));
    expect(svc.requests).toHaveLength(1);
    expect(svc.requests[0]!.ops.map((o) => o.args)).toEqual([
      [`${S}@1`, 1],
      [`${S}@1`, 2],
      [`${S}@1`, 3],
    ]);
    expect(values).toEqual([1, 2, 3].map((y) => `CAPITATION["${S}@1",${y}]`));
  });

  it('sends identical calls once and answers every caller', async () => {
    const svc = service();
    const g = gateway({ calc: svc.calc });
    const calls = [cap(g, 1), cap(g, 1), g.calculate({ fn: 'CAPITATION', args: [`${S}@1`, 1, null, ''] })];
    const values = await Promise.all(calls.map((c) => c.promise));
    expect(svc.requests).toHaveLength(1);
    expect(svc.requests[0]!.ops).toHaveLength(1);
    expect(new Set(values).size).toBe(1);
  });

  it('splits at the service limit of 500 operations per request', async () => {
    const svc = service();
    const g = gateway({ calc: svc.calc });
    await Promise.all(Array.from({ length: 1_200 }, (_, i) => cap(g, i).promise));
    expect(svc.requests.map((r) => r.ops.length)).toEqual([500, 500, 200]);
  });

  it('keeps at most four requests in flight', async () => {
    const release = deferred();
    const svc = service(async (body) => {
      await release.promise;
      return body.ops.map(echo);
    });
    const g = gateway({ calc: svc.calc, maxOpsPerRequest: 10 });
    const all = Promise.all(Array.from({ length: 100 }, (_, i) => cap(g, i).promise));
    await until(() => svc.requests.length === 4);
    expect(g.status().requestsInFlight).toBe(4);
    release.resolve();
    await all;
    expect(svc.requests).toHaveLength(10);
    expect(svc.maxInFlight).toBe(4);
  });

  it('sends overrides with the operation and keys the cache by them', async () => {
    const svc = service();
    const g = gateway({ calc: svc.calc });
    const a = [{ path: 'trajectory.efficiency', value: 0.03 }];
    const b = [{ path: 'trajectory.efficiency', value: 0.04 }];
    await Promise.all([
      g.calculate({ fn: 'CAPITATION', args: [`${S}@1`, 1], overrides: a }).promise,
      g.calculate({ fn: 'CAPITATION', args: [`${S}@1`, 1], overrides: b }).promise,
      g.calculate({ fn: 'CAPITATION', args: [`${S}@1`, 1], overrides: a }).promise,
    ]);
    expect(svc.requests[0]!.ops.map((o) => o.overrides)).toEqual([a, b]);
  });
});

describe('failures: every call settles', () => {
  it('retries 503 and network errors with backoff, then answers', async () => {
    const svc = service((body, n) => {
      if (n === 1) throw new ApiError(503, 'unavailable', 'down', undefined, true);
      if (n === 2) throw new NetworkError('unreachable', 'refused');
      return body.ops.map(echo);
    });
    const g = gateway({ calc: svc.calc });
    await expect(cap(g, 1).promise).resolves.toBe(`CAPITATION["${S}@1",1]`);
    expect(svc.requests).toHaveLength(3);
  });

  it('gives up after the retry bound with a message a finance user can act on', async () => {
    const svc = service(() => {
      throw new ApiError(429, 'rate_limited', 'slow down', undefined, true);
    });
    const g = gateway({ calc: svc.calc, retry: { retries: 2, baseMs: 1, maxMs: 2 } });
    const e = await cap(g, 1).promise.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect((e as Error).message).toBe('PACS service busy: Refresh to retry');
    expect(svc.requests).toHaveLength(3);
    expect(g.status().lastError?.message).toMatch(/busy/);
  });

  it('waits at least what Retry-After asks, within the cap', async () => {
    const times: number[] = [];
    const svc = service((body, n) => {
      times.push(performance.now());
      if (n === 1) throw new ApiError(429, 'rate_limited', 'slow down', undefined, true, 40);
      return body.ops.map(echo);
    });
    const g = gateway({ calc: svc.calc, retry: { baseMs: 1, maxMs: 1_000, random: () => 0 } });
    await cap(g, 1).promise;
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(35);
  });

  it('draws each backoff from [0, min(max, base x 2^attempt)] (full jitter)', async () => {
    const draws: number[] = [];
    const times: number[] = [];
    const svc = service(() => {
      times.push(performance.now());
      throw new NetworkError('unreachable', 'refused');
    });
    const g = gateway({
      calc: svc.calc,
      retry: {
        retries: 2,
        baseMs: 20,
        maxMs: 30,
        random: () => {
          draws.push(1);
          return 1;
        },
      },
    });
    await cap(g, 1).promise.catch(() => {});
    expect(draws).toHaveLength(2);
    // attempt 0 waits 20 ms, attempt 1 min(30, 40) = 30 ms.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(18);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(28);
  });

  it('times out a request the service never answers and still settles every call', async () => {
    const svc = service(() => new Promise<OperationResult[]>(() => {}));
    const g = gateway({ calc: svc.calc, timeoutMs: 20, retry: { retries: 1, baseMs: 1, maxMs: 1 } });
    const results = await Promise.allSettled([cap(g, 1).promise, cap(g, 2).promise]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(ServiceUnavailableError);
    expect(svc.requests).toHaveLength(2);
    expect(g.status().pendingCalls).toBe(0);
  });

  it('does not retry an operation error; remembers deterministic ones', async () => {
    const svc = service((body) =>
      body.ops.map((op) => ({
        id: op.id,
        ok: false as const,
        error: {
          code: 'domain_error',
          message: 'year: must be from 0 to 5, got 9',
          field: 'year',
          retryable: false,
        },
      })),
    );
    const g = gateway({ calc: svc.calc });
    const e = await cap(g, 9).promise.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OperationError);
    expect((e as OperationError).field).toBe('year');
    await cap(g, 9).promise.catch(() => {});
    expect(svc.requests).toHaveLength(1);
  });

  it('refuses with the sign-in message at once when there is no sign-in, without retrying', async () => {
    const svc = service(() => {
      throw new SignInRequiredError();
    });
    const g = gateway({ calc: svc.calc });
    const e = await cap(g, 1).promise.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SignInRequiredError);
    expect((e as Error).message).toBe('Sign in from the PACS pane');
    expect(svc.requests).toHaveLength(1);
  });

  it('settles a call whose result is missing from the answer', async () => {
    const svc = service((body) => body.ops.slice(1).map(echo));
    const g = gateway({ calc: svc.calc });
    const [first, second] = await Promise.allSettled([cap(g, 1).promise, cap(g, 2).promise]);
    expect(first.status).toBe('rejected');
    expect(second).toEqual({ status: 'fulfilled', value: `CAPITATION["${S}@1",2]` });
  });

  it('halves a batch whose answer is too large until each part fits', async () => {
    const svc = service((body) => {
      if (body.ops.length > 2) throw new ApiError(413, 'payload_too_large', 'too large', 'ops', false);
      return body.ops.map(echo);
    });
    const g = gateway({ calc: svc.calc });
    const values = await Promise.all([1, 2, 3, 4, 5].map((y) => cap(g, y).promise));
    expect(values).toHaveLength(5);
    expect(svc.requests.map((r) => r.ops.length)).toEqual([5, 3, 2, 1, 2]);
  });
});

describe('cache: pinned versions for good, latest for a short time', () => {
  it('answers a pinned call again from the cache', async () => {
    const svc = service();
    const g = gateway({ calc: svc.calc });
    await cap(g, 1).promise;
    await expect(cap(g, 1).promise).resolves.toBe(`CAPITATION["${S}@1",1]`);
    expect(g.cached({ fn: 'CAPITATION', args: [`${S}@1`, 1] })).toBe(`CAPITATION["${S}@1",1]`);
    expect(svc.requests).toHaveLength(1);
  });

  it('resolves "latest" once per scenario, runs the calls pinned, and expires the resolution', async () => {
    let now = 1_000_000;
    const lookups: string[] = [];
    const svc = service();
    const g = gateway({
      calc: svc.calc,
      now: () => now,
      latestTtlMs: 60_000,
      latestVersion: async (id) => {
        lookups.push(id);
        return id === S ? 7 : 3;
      },
    });
    await Promise.all([cap(g, 1, S).promise, cap(g, 2, S).promise, cap(g, 1, T).promise]);
    expect(lookups.sort()).toEqual([T, S].sort());
    expect(svc.requests[0]!.ops.map((o) => o.args?.[0])).toEqual([`${S}@7`, `${S}@7`, `${T}@3`]);
    // Within the time to live: no lookup, and the pinned result is reused.
    await cap(g, 1, S).promise;
    expect(lookups).toHaveLength(2);
    expect(svc.requests).toHaveLength(1);
    // After it: "latest" is asked again; the version is unchanged so the result still comes from the cache.
    now += 61_000;
    await cap(g, 1, S).promise;
    expect(lookups).toHaveLength(3);
    expect(svc.requests).toHaveLength(1);
  });

  it('Refresh forgets "latest" but keeps pinned results', async () => {
    let latest = 1;
    const svc = service();
    const g = gateway({ calc: svc.calc, latestVersion: async () => latest });
    await cap(g, 1, S).promise;
    latest = 2;
    await expect(cap(g, 1, S).promise).resolves.toBe(`CAPITATION["${S}@1",1]`);
    await g.refresh();
    await expect(cap(g, 1, S).promise).resolves.toBe(`CAPITATION["${S}@2",1]`);
    await expect(cap(g, 1, `${S}@1`).promise).resolves.toBe(`CAPITATION["${S}@1",1]`);
    expect(svc.requests).toHaveLength(2);
  });

  it('expires results of functions without a scenario', async () => {
    let now = 0;
    const svc = service();
    const g = gateway({ calc: svc.calc, now: () => now, latestTtlMs: 1_000 });
    await g.calculate({ fn: 'VERSION', args: [] }).promise;
    await g.calculate({ fn: 'VERSION', args: [] }).promise;
    now += 2_000;
    await g.calculate({ fn: 'VERSION', args: [] }).promise;
    expect(svc.requests).toHaveLength(2);
  });
});

describe('cancellation by reference count', () => {
  it('sends a call withdrawn by one of its two cells, and answers the other', async () => {
    const svc = service();
    const g = gateway({ calc: svc.calc });
    const a = cap(g, 1);
    const b = cap(g, 1);
    a.cancel();
    await expect(a.promise).rejects.toBeInstanceOf(CancelledError);
    await expect(b.promise).resolves.toBe(`CAPITATION["${S}@1",1]`);
    expect(svc.requests[0]!.ops).toHaveLength(1);
  });

  it('sends nothing when every cell withdrew before the window closed', async () => {
    const svc = service();
    const g = gateway({ calc: svc.calc });
    const calls = [cap(g, 1), cap(g, 1), cap(g, 2)];
    for (const c of calls) c.cancel();
    await Promise.allSettled(calls.map((c) => c.promise));
    await g.calculate({ fn: 'VERSION', args: [] }).promise;
    expect(svc.requests.map((r) => r.ops.map((o) => o.fn))).toEqual([['VERSION']]);
  });

  it('aborts the request only when every operation in it has lost all its cells', async () => {
    const hold = deferred();
    const svc = service(async (body) => {
      await hold.promise;
      return body.ops.map(echo);
    });
    const g = gateway({ calc: svc.calc });
    const a = cap(g, 1);
    const b = cap(g, 2);
    await until(() => svc.requests.length === 1);
    a.cancel();
    expect(svc.signals[0]!.aborted).toBe(false);
    b.cancel();
    expect(svc.signals[0]!.aborted).toBe(true);
    hold.resolve();
    await Promise.allSettled([a.promise, b.promise]);
    expect(g.status().pendingCalls).toBe(0);
  });

  it('Cancel in the pane settles every waiting call', async () => {
    const svc = service(() => new Promise<OperationResult[]>(() => {}));
    const g = gateway({ calc: svc.calc, timeoutMs: 60_000 });
    const calls = [cap(g, 1), cap(g, 2)];
    await until(() => svc.requests.length === 1);
    g.cancelAll();
    const settled = await Promise.allSettled(calls.map((c) => c.promise));
    expect(settled.every((r) => r.status === 'rejected' && r.reason instanceof CancelledError)).toBe(true);
    expect((settled[0] as PromiseRejectedResult).reason.message).toBe('Cancelled from the PACS pane');
  });
});

describe('manual mode and Refresh', () => {
  it('sends nothing in manual mode, answers from the cache, and calculates during Refresh', async () => {
    const svc = service();
    const g = gateway({ calc: svc.calc });
    await cap(g, 1).promise;
    g.setMode('manual');
    await expect(cap(g, 1).promise).resolves.toBe(`CAPITATION["${S}@1",1]`);
    const e = await cap(g, 2).promise.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotCalculatedError);
    expect((e as Error).message).toBe('Manual calculation: press Refresh in the PACS pane');
    expect(svc.requests).toHaveLength(1);

    let during: unknown;
    await g.refresh(async () => {
      during = cap(g, 2).promise;
    });
    await expect(during).resolves.toBe(`CAPITATION["${S}@1",2]`);
    expect(svc.requests).toHaveLength(2);
    expect(g.status()).toMatchObject({ mode: 'manual', refreshing: false, pendingCalls: 0 });
    await expect(cap(g, 3).promise).rejects.toBeInstanceOf(NotCalculatedError);
  });

  it('tells subscribers about mode, requests and refreshes', async () => {
    const svc = service();
    const g = gateway({ calc: svc.calc });
    const seen: string[] = [];
    g.subscribe((s) => seen.push(`${s.mode}/${s.requestsInFlight}/${s.refreshing}`));
    g.setMode('manual');
    await g.refresh(async () => {
      await cap(g, 1).promise;
    });
    expect(seen).toContain('manual/1/true');
    expect(seen.at(-1)).toBe('manual/0/false');
  });
});

/** Waits for a condition the test cannot await directly (a request arriving), by yielding to the event loop. */
async function until(condition: () => boolean): Promise<void> {
  // Checked after every turn of the event loop (timers included), with a generous deadline for a loaded machine.
  const deadline = Date.now() + 20_000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
  expect(condition()).toBe(true);
}
