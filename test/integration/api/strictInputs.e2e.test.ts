import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { type Stack, call, newOrgCode, startStack } from './stack.ts';

// Issue 9, points 6-8, over real HTTP: what the API refuses, with the field at fault.

let stack: Stack;
let token: string;
let scenarioId: string;
beforeAll(async () => {
  stack = await startStack(await ddbEndpoint());
  token = await stack.token(newOrgCode());
  scenarioId = (await call(stack.url, 'POST', '/v1/scenarios', { token, body: { scenario: tinyScenario() } }))
    .json.id;
});
afterAll(() => stack?.close());

describe('issue 9 point 7: unknown keys over HTTP', () => {
  it('simulation options `trails`: 422 with the path and a suggestion, nothing queued', async () => {
    const r = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body: { scenario: scenarioId, options: { trails: 5 } },
      headers: { 'idempotency-key': 'typo-trails-0001' },
    });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({
      code: 'validation_error',
      field: 'options.trails',
      message: 'options.trails: unknown field; did you mean `trials`?',
    });
  });

  it('a scenario key `nmae`, a save summary typo, a query parameter typo', async () => {
    const { name, ...rest } = tinyScenario();
    const save = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: { ...rest, nmae: name } },
    });
    expect(save.status).toBe(422);
    expect(save.json.error.message).toContain('nmae: unknown field; did you mean `name`?');
    const body = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario(), sumary: 'x' },
    });
    expect(body.json.error).toMatchObject({
      field: 'sumary',
      message: 'sumary: unknown field; did you mean `summary`?',
    });
    const list = await call(stack.url, 'GET', '/v1/scenarios?limt=5', { token });
    expect(list.status).toBe(422);
    expect(list.json.error).toMatchObject({ field: 'query.limt' });
    expect(list.json.error.message).toContain('did you mean `limit`?');
  });
});

describe('issue 9 point 8: control and bidi-override characters over HTTP', () => {
  it('are refused in a save summary and a scenario name, and nothing is stored', async () => {
    const before = (await call(stack.url, 'GET', `/v1/scenarios/${scenarioId}/history`, { token })).json.items
      .length;
    for (const summary of ['line one\r\nline two', 'nul\u0000', 'evil \u202egnp.exe'])
      for (const method of ['POST', 'PUT']) {
        const r = await call(
          stack.url,
          method,
          method === 'POST' ? '/v1/scenarios' : `/v1/scenarios/${scenarioId}`,
          {
            token,
            body: { scenario: tinyScenario(), summary },
            headers: method === 'PUT' ? { 'if-match': '"1"' } : {},
          },
        );
        expect(r.status, `${method} ${JSON.stringify(summary)}`).toBe(422);
        expect(r.json.error.field).toBe('summary');
        expect(r.json.error.message).toMatch(
          /must not contain control or bidirectional-formatting characters: found U\+/,
        );
      }
    const named = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario({ name: 'Tiny\u202e PACS' }) },
    });
    expect(named.status).toBe(422);
    expect(named.json.error).toMatchObject({ field: 'name' });
    expect(
      (await call(stack.url, 'GET', `/v1/scenarios/${scenarioId}/history`, { token })).json.items.length,
    ).toBe(before);
  });
});

describe('issue 9 point 6: overflowing numbers over HTTP', () => {
  it('a scenario with 1e300 person-years is refused; SETTLE of 1e300 GBP answers an error, never null figures', async () => {
    const huge = tinyScenario();
    huge.population.practices[0]!.personYears = [1e300, 1];
    const saved = await call(stack.url, 'POST', '/v1/scenarios', { token, body: { scenario: huge } });
    expect(saved.status).toBe(422);
    expect(saved.json.error).toMatchObject({
      field: 'population.practices[0].personYears[0]',
      message: expect.stringContaining('must be at most 10,000,000 person-years'),
    });
    const settle = await call(stack.url, 'POST', '/v1/calc', {
      token,
      body: { ops: [{ id: 'big', fn: 'SETTLE', args: [scenarioId, 1, 1e300] }] },
    });
    expect(settle.status).toBe(200);
    expect(settle.json.results[0]).toMatchObject({
      id: 'big',
      ok: false,
      error: { code: 'validation_error' },
    });
    expect(settle.json.results[0].error.message).toContain('must be at most 1,000,000,000,000 GBP');
  });
});

describe('issue 9 point 10: the contract-year rule at submission', () => {
  it('a simulation of a year the contract does not have is refused with the one wording', async () => {
    const r = await call(stack.url, 'POST', '/v1/simulations', {
      token,
      body: { scenario: scenarioId, options: { year: 9 } },
      headers: { 'idempotency-key': 'year-nine-0001' },
    });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({
      field: 'options.year',
      message: 'options.year: must be a contract year from 1 to 2, got 9',
    });
  });
});
