import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import {
  type StartedStack,
  cpuShare,
  idleFrom,
  killGroup,
  stackProcess,
  startNpm,
} from '../../support/npmStart.ts';
import { call, newOrgCode } from '../api/stack.ts';

// Issue 9, point 1, against the real `npm start`: a person-level run shows `running` with progress while it
// computes, a cancel stops its workers within 1 s, and the next run is not held up behind it.

let stack: StartedStack;
beforeAll(async () => {
  stack = await startNpm(['--in-memory']);
});
afterAll(() => killGroup(stack?.pgid));

async function poll<T>(fn: () => Promise<T>, done: (t: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('issue 9 point 1: cancel stops the work', () => {
  it('a person-level run reports progress while running, cancel stops its workers within 1 s, the next run starts at once', async () => {
    const token = await stack.token(newOrgCode());
    // 500,000 people: one person-level trial draws every one of them (tens of milliseconds a trial).
    const base = tinyScenario();
    const scenario = {
      ...base,
      population: {
        ...base.population,
        practices: base.population.practices.map((p) => ({
          ...p,
          personYears: p.personYears.map((v) => v * 100),
        })),
      },
    };
    const saved = await call(stack.api, 'POST', '/v1/scenarios', { token, body: { scenario } });
    expect(saved.status).toBe(201);
    const submit = (key: string, options: object) =>
      call(stack.api, 'POST', '/v1/simulations', {
        token,
        body: { scenario: saved.json.id, options },
        headers: { 'idempotency-key': key },
      });
    const get = (id: string) => call(stack.api, 'GET', `/v1/simulations/${id}`, { token });

    const big = await submit('cancel-big-0001', { trials: 2_000_000, method: 'person', seed: 5 });
    expect(big.status).toBe(202);
    // While it computes it says so, with the trials done out of the total; progress moves.
    const first = await poll(
      () => get(big.json.id),
      (r) => r.json.status === 'running' && r.json.progress.done > 0,
      30_000,
    );
    expect(first.json).toMatchObject({ status: 'running', progress: { total: 2_000_000 } });
    const later = await poll(
      () => get(big.json.id),
      (r) => r.json.progress.done > first.json.progress.done,
      30_000, // a bound on a hang only: progress is written every ~250 ms
    );
    expect(later.json.progress.done).toBeGreaterThan(first.json.progress.done);

    const api = stackProcess(stack.pgid).pid;
    expect(await cpuShare(api, 1_000)).toBeGreaterThan(0.1); // the workers are busy (a loaded machine gives less)

    const cancelled = await call(stack.api, 'DELETE', `/v1/simulations/${big.json.id}`, { token });
    expect(cancelled.json.status).toBe('cancelled');
    // Stopped within 1 s: the event waited on is the process going idle (a 200 ms window under 5% of a core),
    // which must begin within 1 s of the cancel's answer, and it stays idle.
    const idleAfterMs = await idleFrom(api);
    console.info(`cancel: the API process idle ${idleAfterMs.toFixed(0)} ms after the answer`);
    expect(idleAfterMs).toBeLessThan(1_000);
    expect(await cpuShare(api, 1_000)).toBeLessThan(0.05);
    const after = await get(big.json.id);
    expect(after.json.status).toBe('cancelled');
    expect(after.json.result).toBeUndefined();

    // The next run is not queued behind the cancelled one.
    const small = await submit('cancel-small-0001', { trials: 20, method: 'person', seed: 6 });
    const done = await poll(
      () => get(small.json.id),
      (r) => r.json.status === 'succeeded' || r.json.status === 'failed',
      30_000,
    );
    expect(done.json).toMatchObject({ status: 'succeeded', progress: { done: 20, total: 20 } });
  });
});
