import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { type StartedStack, javaProcess, killGroup, startNpm } from '../../support/npmStart.ts';
import { call, newOrgCode } from '../api/stack.ts';

// Issue 9, point 5, against the real `npm start`: /v1/health reports whether storage is ready (a check with a short
// timeout), and when DynamoDB Local dies the supervisor says so and starts it again. (Whether the last writes before
// a SIGKILL survive is DynamoDB Local's affair: measured here, a write acknowledged just before the kill was lost in
// about half the runs, one acknowledged 2 s before never was; so this test does not claim it.)

let stack: StartedStack;
beforeAll(async () => {
  stack = await startNpm([]);
});
afterAll(() => killGroup(stack?.pgid));

describe('issue 9 point 5: storage health and a supervised DynamoDB Local', () => {
  it('health says ok only while storage answers, and answers quickly when it does not', async () => {
    const ok = await call(stack.api, 'GET', '/v1/health');
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: 'ok', storage: 'ok' });

    const java = javaProcess(stack.pgid).pid;
    process.kill(java, 'SIGSTOP'); // hung: the port accepts connections, nothing answers
    try {
      // The last answer is reused for a second: within a few seconds health must say storage is unavailable,
      // and every answer comes quickly (a short readiness timeout, not the storage client's retries).
      let hung: Awaited<ReturnType<typeof call>> | undefined;
      let slowest = 0;
      for (let i = 0; i < 50 && hung?.status !== 503; i++) {
        const t0 = performance.now();
        hung = await call(stack.api, 'GET', '/v1/health');
        slowest = Math.max(slowest, performance.now() - t0);
        if (hung.status !== 503) await new Promise((r) => setTimeout(r, 100));
      }
      console.info(`health with DynamoDB Local hung: slowest answer ${slowest.toFixed(0)} ms`);
      expect(hung!.status).toBe(503);
      expect(hung!.json).toMatchObject({
        status: 'unavailable',
        storage: 'unavailable',
        error: { code: 'storage_unavailable', retryable: true },
      });
      expect(hung!.json.error.message).toContain('no answer in 500 ms');
      expect(hung!.headers.get('retry-after')).toBe('2');
      expect(slowest).toBeLessThan(5_000);
    } finally {
      process.kill(java, 'SIGCONT');
    }
    for (let i = 0; i < 50; i++) {
      const again = await call(stack.api, 'GET', '/v1/health');
      if (again.status === 200) break;
      await new Promise((r) => setTimeout(r, 100)); // the last answer is cached for a second
    }
    expect((await call(stack.api, 'GET', '/v1/health')).json).toMatchObject({ status: 'ok', storage: 'ok' });
  });

  it('DynamoDB Local killed: the supervisor says so and starts it again on the same port; the API serves again', async () => {
    const token = await stack.token(newOrgCode());
    const java = javaProcess(stack.pgid).pid;
    process.kill(java, 'SIGKILL');
    await stack.waitFor(/DynamoDB Local stopped unexpectedly \(killed by SIGKILL\); restarting it/, 30_000);
    await stack.waitFor(`DynamoDB Local is running again on port ${stack.dynamoPort}`, 120_000);
    expect(javaProcess(stack.pgid).pid).not.toBe(java);
    expect((await call(stack.api, 'GET', '/v1/health')).json).toMatchObject({ status: 'ok', storage: 'ok' });
    // Writes and reads go through as before (the store's client reconnects to the same endpoint by itself).
    const created = await call(stack.api, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    expect(created.status).toBe(201);
    expect((await call(stack.api, 'GET', `/v1/scenarios/${created.json.id}`, { token })).status).toBe(200);
  }, 180_000);
});
