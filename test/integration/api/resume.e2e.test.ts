import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../../shared/contract/errors/serviceErrors.ts';
import { SimulationRequest } from '../../../shared/contract/wire/simulations.ts';
import type { OrgId } from '../../../functions/store/ports.ts';
import { resumeUnfinishedRuns } from '../../../functions/simulations/resumeRuns.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { createTable } from '../../support/dynamodbLocal.ts';
import { type Stack, call, newOrgCode, startStack } from './stack.ts';

// Issue 9, point 3: a run a restart cannot resume is marked failed with the reason (never left waiting), and a retry
// of its submission submits it again. Its own table, so the scan for unfinished runs sees only this test's runs.

let stack: Stack;
beforeAll(async () => {
  const endpoint = await ddbEndpoint();
  const tableName = `resume-${randomBytes(4).toString('hex')}`;
  await createTable(endpoint, tableName);
  stack = await startStack(endpoint, { tableName });
});
afterAll(() => stack?.close());

describe('issue 9 point 3: unfinished runs that cannot be resumed', () => {
  it('are marked failed with the reason, and a retry of the submission runs them', async () => {
    const orgCode = newOrgCode();
    const org = orgCode as OrgId;
    const token = await stack.token(orgCode);
    const saved = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    const body = { scenario: `${saved.json.id}@1`, options: { trials: 500, seed: 3 } };
    const request = SimulationRequest.parse(body);
    // Left queued by a stop, as the route would have stored them: one whose scenario reads fail at the restart (a
    // storage fault), one whose scenario does not exist.
    const { run: left } = await stack.runs.create(org, 'left-queued-0001', request);
    const { run: orphan } = await stack.runs.create(org, 'left-orphan-0001', {
      scenario: 's_aaaaaaaaaaaaaaaaaaaa@1',
      options: request.options,
    });
    const flaky = Object.create(stack.scenarios) as typeof stack.scenarios;
    flaky.version = () => Promise.reject(new UnavailableError('storage is unavailable (ECONNREFUSED)'));
    const report = await resumeUnfinishedRuns({ runs: stack.runs, scenarios: flaky, runner: stack.runner });
    expect(report.resumed).toEqual([]);
    expect([...report.failed].sort()).toEqual([left.id, orphan.id].sort());

    for (const id of [left.id, orphan.id]) {
      const r = await call(stack.url, 'GET', `/v1/simulations/${id}`, { token });
      expect(r.json.status).toBe('failed');
      expect(r.json.error.code).toBe('interrupted');
      expect(r.json.error.message).toMatch(/stopped during this run and could not resume it \(.+\); retry/);
    }
    expect((await stack.runs.unfinished()).map((r) => r.id)).toEqual([]);

    // The client retries its submission (same key, same request): the run is submitted again and finishes.
    const retry = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body,
      headers: { 'idempotency-key': 'left-queued-0001' },
    });
    expect(retry.status).toBe(202);
    expect(retry.json).toMatchObject({ id: left.id, status: 'queued' });
    expect(retry.json.error).toBeUndefined();
    await stack.idle();
    const done = await call(stack.url, 'GET', `/v1/simulations/${left.id}`, { token });
    expect(done.json).toMatchObject({ status: 'succeeded', progress: { done: 500, total: 500 } });
  });

  it('a run that succeeded is not submitted again by a retry', async () => {
    const token = await stack.token(newOrgCode());
    const saved = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    const post = () =>
      call(stack.url, 'POST', '/v1/simulations', {
        token,
        body: { scenario: saved.json.id, options: { trials: 200 } },
        headers: { 'idempotency-key': 'once-only-0001' },
      });
    expect((await post()).status).toBe(202);
    await stack.idle();
    const again = await post();
    expect(again.status).toBe(200);
    expect(again.json.status).toBe('succeeded');
  });
});
