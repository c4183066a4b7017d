import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { type StartedStack, groupGone, killGroup, startNpm } from '../../support/npmStart.ts';
import { call, newOrgCode } from '../api/stack.ts';

// Issue 9, point 3, against the real `npm start` with its data kept on disk: runs a stop leaves unfinished (one
// running, one queued behind it) are resumed by the next start, never left waiting for ever.

const stacks: StartedStack[] = [];
afterEach(() => {
  for (const s of stacks.splice(0)) killGroup(s.pgid);
});

async function until<T>(fn: () => Promise<T>, done: (t: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('issue 9 point 3: runs interrupted by a stop are resumed on start', () => {
  it('a running and a queued run survive Ctrl-C and a restart, and finish', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pacs-resume-'));
    const org = newOrgCode();
    const first = await startNpm([], dataDir);
    stacks.push(first);
    let token = await first.token(org);
    const saved = await call(first.api, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    const submit = (api: string, key: string, options: object) =>
      call(api, 'POST', '/v1/simulations', {
        token,
        body: { scenario: saved.json.id, options },
        headers: { 'idempotency-key': key },
      });
    const long = await submit(first.api, 'resume-long-0001', {
      trials: 2_000_000,
      method: 'person',
      seed: 1,
    });
    const short = await submit(first.api, 'resume-short-0001', { trials: 2_000, seed: 2 });
    const running = await until(
      () => call(first.api, 'GET', `/v1/simulations/${long.json.id}`, { token }),
      (r) => r.json.status === 'running' && r.json.progress.done > 0,
      60_000,
    );
    expect(running.json.status).toBe('running');
    expect((await call(first.api, 'GET', `/v1/simulations/${short.json.id}`, { token })).json.status).toBe(
      'queued',
    );
    process.kill(-first.pgid, 'SIGINT');
    await groupGone(first.pgid);

    const restartedAt = new Date().toISOString();
    const second = await startNpm([], dataDir);
    stacks.push(second);
    token = await second.token(org);
    // The long run computes again (from the start: a seeded run gives the same result whatever the restart), so
    // its progress is written again after the restart.
    const resumed = await until(
      () => call(second.api, 'GET', `/v1/simulations/${long.json.id}`, { token }),
      (r) => r.json.status === 'running' && r.json.updatedAt > restartedAt,
      60_000,
    );
    expect(resumed.json.updatedAt > restartedAt).toBe(true);
    expect(resumed.json).toMatchObject({ status: 'running', progress: { total: 2_000_000 } });
    await call(second.api, 'DELETE', `/v1/simulations/${long.json.id}`, { token });
    // The queued one runs next, to the end, and gives the result an uninterrupted run of the same request gives.
    const finished = await until(
      () => call(second.api, 'GET', `/v1/simulations/${short.json.id}`, { token }),
      (r) => r.json.status === 'succeeded' || r.json.status === 'failed',
      60_000,
    );
    expect(finished.json).toMatchObject({ status: 'succeeded', progress: { done: 2_000, total: 2_000 } });
    const fresh = await submit(second.api, 'resume-short-0002', { trials: 2_000, seed: 2 });
    const freshDone = await until(
      () => call(second.api, 'GET', `/v1/simulations/${fresh.json.id}`, { token }),
      (r) => r.json.status === 'succeeded',
      60_000,
    );
    expect(finished.json.result.parties).toEqual(freshDone.json.result.parties);
    expect(second.output()).toContain('Resumed 2 simulation run(s) left unfinished by the last stop');
  }, 300_000);
});
