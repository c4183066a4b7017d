import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { type Stack, call, newOrgCode, startStack } from './stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await ddbEndpoint());
});
afterAll(() => stack?.close());

async function createScenario(token: string, scenario: unknown = tinyScenario()): Promise<string> {
  const r = await call(stack.url, 'POST', '/v1/scenarios', { token, body: { scenario } });
  expect(r.status).toBe(201);
  return r.json.id;
}

describe('POST /v1/calc over HTTP', () => {
  it('computes each operation against stored versions', async () => {
    const token = await stack.token(newOrgCode());
    const id = await createScenario(token);
    // Version 2 adds a 10% cost uplift: year-1 contract value 4,300,000 x 1.1 (hand-derived in the fixture).
    await call(stack.url, 'PUT', `/v1/scenarios/${id}`, {
      token,
      body: { scenario: { ...tinyScenario(), trajectory: { costUplift: 0.1 } } },
      headers: { 'if-match': '1' },
    });
    const r = await call(stack.url, 'POST', '/v1/calc', {
      token,
      body: {
        ops: [
          { id: 'v1', fn: 'CAPITATION', args: [`${id}@1`, 1] },
          { id: 'latest', fn: 'CAPITATION', args: [id, 1] },
          { id: 'scope', fn: 'SCOPE', args: [id] },
          { id: 'bad', fn: 'CAPITATION', args: [id, 'next year'] },
        ],
      },
    });
    expect(r.status).toBe(200);
    const [v1, latest, scope, bad] = r.json.results;
    expect(v1.value).toBeCloseTo(4_300_000, 4);
    expect(latest.value).toBeCloseTo(4_730_000, 4);
    expect(scope.value[0]).toEqual([
      'line',
      'category',
      'virtual',
      'partially integrated',
      'fully integrated',
    ]);
    expect(scope.value[1]).toEqual(['gp', 'core_primary_medical', true, false, true]);
    expect(bad).toMatchObject({ ok: false, error: { field: 'args[1]' } });
  });

  it('validates the batch itself', async () => {
    const token = await stack.token(newOrgCode());
    const empty = await call(stack.url, 'POST', '/v1/calc', { token, body: { ops: [] } });
    expect(empty.status).toBe(422);
    expect(empty.json.error.field).toBe('ops');
    const unknown = await call(stack.url, 'POST', '/v1/calc', {
      token,
      body: { ops: [{ id: 'x', fn: 'HACK', args: [] }] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.field).toBe('ops[0].fn');
  });
});

describe('organisation isolation', () => {
  it('B cannot list, read, guess, save, archive, diff or calculate with A scenarios', async () => {
    const a = await stack.token(newOrgCode(), 'ana');
    const b = await stack.token(newOrgCode(), 'bob');
    const id = await createScenario(a);
    for (const [method, path] of [
      ['GET', `/v1/scenarios/${id}`],
      ['GET', `/v1/scenarios/${id}/versions/1`],
      ['GET', `/v1/scenarios/${id}/history`],
      ['GET', `/v1/scenarios/${id}/diff?from=1&to=1`],
      ['POST', `/v1/scenarios/${id}/archive`],
    ] as const) {
      const r = await call(stack.url, method, path, { token: b });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    const put = await call(stack.url, 'PUT', `/v1/scenarios/${id}`, {
      token: b,
      body: { scenario: tinyScenario() },
      headers: { 'if-match': '1' },
    });
    expect(put.status).toBe(404);
    expect((await call(stack.url, 'GET', '/v1/scenarios', { token: b })).json.items).toEqual([]);
    const calc = await call(stack.url, 'POST', '/v1/calc', {
      token: b,
      body: { ops: [{ id: 'x', fn: 'CAPITATION', args: [id, 1] }] },
    });
    expect(calc.json.results[0]).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A's cursor is refused for B.
    await createScenario(a);
    const page = await call(stack.url, 'GET', '/v1/scenarios?limit=1', { token: a });
    const foreign = await call(
      stack.url,
      'GET',
      `/v1/scenarios?limit=1&cursor=${encodeURIComponent(page.json.nextCursor)}`,
      { token: b },
    );
    expect(foreign.status).toBe(422);
    // A still sees its scenario unchanged.
    expect((await call(stack.url, 'GET', `/v1/scenarios/${id}`, { token: a })).json.version).toBe(1);
  });
});

describe('bearer tokens', () => {
  it('refuses missing, malformed, unsigned, expired and wrong-audience tokens', async () => {
    const org = newOrgCode();
    const valid = await stack.token(org);
    const [header, payload] = valid.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const tamperedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['Org.EVIL1'] }),
    ).toString('base64url');
    const cases: [string, Record<string, string>][] = [
      ['none', {}],
      ['basic', { authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' }],
      ['garbage', { authorization: 'Bearer not.a.jwt' }],
      ['unsigned', { authorization: `Bearer ${unsigned}` }],
      ['tampered', { authorization: `Bearer ${header}.${tamperedPayload}.${valid.split('.')[2]}` }],
      [
        'expired',
        {
          authorization: `Bearer ${await stack.token(org, 'alice', { expiresAt: Math.floor(Date.now() / 1000) - 3600 })}`,
        },
      ],
      [
        'audience',
        { authorization: `Bearer ${await stack.token(org, 'alice', { audience: 'another-api' })}` },
      ],
    ];
    for (const [name, headers] of cases) {
      const r = await call(stack.url, 'GET', '/v1/scenarios', { headers });
      expect(r.status, name).toBe(401);
      expect(r.json.error.code, name).toBe('unauthorized');
      expect(r.headers.get('www-authenticate'), name).toBe('Bearer');
    }
    expect((await call(stack.url, 'GET', '/v1/scenarios', { token: valid })).status).toBe(200);
  });
});
