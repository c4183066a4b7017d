import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { type Stack, call, newOrgCode, startStack } from './stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await ddbEndpoint());
});
afterAll(() => stack?.close());

async function until<T>(fn: () => Promise<T>, done: (t: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('simulation jobs over HTTP', () => {
  it('submits (202, idempotent), runs to a result, and the same seed gives the same answer', async () => {
    const token = await stack.token(newOrgCode());
    const created = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    const id = created.json.id;
    const body = { scenario: id, options: { trials: 4000, seed: 7, year: 1 } };
    const first = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body,
      headers: { 'idempotency-key': 'run-0001-abc' },
    });
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ status: 'queued', scenario: `${id}@1` });
    const again = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body,
      headers: { 'idempotency-key': 'run-0001-abc' },
    });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    const clash = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body: { ...body, options: { trials: 5000 } },
      headers: { 'idempotency-key': 'run-0001-abc' },
    });
    expect(clash.status).toBe(422);
    expect(clash.json.error.field).toBe('Idempotency-Key');

    const done = await until(
      () => call(stack.url, 'GET', `/v1/simulations/${first.json.id}`, { token }),
      (r) => r.json.status === 'succeeded' || r.json.status === 'failed',
    );
    expect(done.json.status).toBe('succeeded');
    expect(done.json.progress).toEqual({ done: 4000, total: 4000 });
    const result = done.json.result;
    expect(result.trials).toBe(4000);
    expect(result.parties.map((p: { party: string }) => p.party)).toEqual(
      expect.arrayContaining(['commissioner', 'pacs', 'fed', 'trust']),
    );

    // A second submission of the same request under another key is a separate run with an identical result.
    const second = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body,
      headers: { 'idempotency-key': 'run-0002-abc' },
    });
    const secondDone = await until(
      () => call(stack.url, 'GET', `/v1/simulations/${second.json.id}`, { token }),
      (r) => r.json.status === 'succeeded',
    );
    expect(secondDone.json.result.parties).toEqual(result.parties);

    // Another organisation cannot see the run.
    const other = await stack.token(newOrgCode());
    expect((await call(stack.url, 'GET', `/v1/simulations/${first.json.id}`, { token: other })).status).toBe(
      404,
    );
    expect(
      (await call(stack.url, 'DELETE', `/v1/simulations/${first.json.id}`, { token: other })).status,
    ).toBe(404);
  });

  it('cancels a queued run and validates submissions', async () => {
    const token = await stack.token(newOrgCode());
    const created = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    const id = created.json.id;
    // Occupy the runner with one job so the next stays queued, then cancel the queued one.
    const busy = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body: { scenario: id, options: { trials: 20_000 } },
      headers: { 'idempotency-key': 'busy-0001-xyz' },
    });
    const queued = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body: { scenario: id, options: { trials: 20_000, seed: 2 } },
      headers: { 'idempotency-key': 'queued-0001-xyz' },
    });
    const cancelled = await call(stack.url, 'DELETE', `/v1/simulations/${queued.json.id}`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe('cancelled');
    await stack.idle();
    expect((await call(stack.url, 'GET', `/v1/simulations/${queued.json.id}`, { token })).json.status).toBe(
      'cancelled',
    );
    expect((await call(stack.url, 'GET', `/v1/simulations/${busy.json.id}`, { token })).json.status).toBe(
      'succeeded',
    );

    // A running run stops at once when cancelled and never flips back.
    const long = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body: { scenario: id, options: { trials: 2_000_000, seed: 3 } },
      headers: { 'idempotency-key': 'long-0001-xyz' },
    });
    const running = await until(
      () => call(stack.url, 'GET', `/v1/simulations/${long.json.id}`, { token }),
      (r) => r.json.status === 'running' && r.json.progress.done > 0,
    );
    expect(running.json.progress.total).toBe(2_000_000);
    const stopped = await call(stack.url, 'DELETE', `/v1/simulations/${long.json.id}`, { token });
    expect(stopped.json.status).toBe('cancelled');
    const t0 = Date.now();
    await stack.idle();
    expect(Date.now() - t0).toBeLessThan(5_000);
    const final = await call(stack.url, 'GET', `/v1/simulations/${long.json.id}`, { token });
    expect(final.json.status).toBe('cancelled');
    expect(final.json.result).toBeUndefined();

    const noKey = await call(stack.url, 'POST', '/v1/simulations', { token, body: { scenario: id } });
    expect(noKey.status).toBe(422);
    expect(noKey.json.error.field).toBe('Idempotency-Key');
    const tooMany = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body: { scenario: id, options: { trials: 50_000_000 } },
      headers: { 'idempotency-key': 'big-0001-xyz' },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.error.field).toBe('options.trials');
    const missing = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body: { scenario: 's_zzzzzzzzzzzzzzzzzzzz' },
      headers: { 'idempotency-key': 'missing-0001-xyz' },
    });
    expect(missing.status).toBe(404);
  });
});
