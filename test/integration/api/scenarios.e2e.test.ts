import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { type Stack, call, newOrgCode, startStack } from './stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await ddbEndpoint());
});
afterAll(() => stack?.close());

describe('scenarios over real HTTP (DynamoDB Local, dev-issuer tokens)', () => {
  it('create, read, save with If-Match, conflict, history, diff, list, archive', async () => {
    const org = newOrgCode();
    const token = await stack.token(org, 'ana');
    const created = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const id: string = created.json.id;
    expect(id).toMatch(/^s_[a-z2-7]{20}$/);
    expect(created.headers.get('location')).toBe(`/v1/scenarios/${id}`);
    expect(created.json).toMatchObject({ version: 1, author: 'ana (' + org + ')', summary: 'created' });

    const latest = await call(stack.url, 'GET', `/v1/scenarios/${id}`, { token });
    expect(latest.status).toBe(200);
    expect(latest.json.scenario.name).toBe('Tiny PACS');
    expect(latest.json.scenario.currency).toBe('GBP'); // stored as validated, defaults filled in

    const edited = { ...tinyScenario(), name: 'Tiny PACS (edited)' };
    const saved = await call(stack.url, 'PUT', `/v1/scenarios/${id}`, {
      token,
      body: { scenario: edited },
      headers: { 'if-match': '"1"' },
    });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe('"2"');
    expect(saved.json.summary).toBe('1 field(s) changed in name');

    const stale = await call(stack.url, 'PUT', `/v1/scenarios/${id}`, {
      token,
      body: { scenario: edited, summary: 'late' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'version_conflict', currentVersion: 2, retryable: false });

    const noIfMatch = await call(stack.url, 'PUT', `/v1/scenarios/${id}`, {
      token,
      body: { scenario: edited },
    });
    expect(noIfMatch.status).toBe(400);
    expect(noIfMatch.json.error.field).toBe('If-Match');

    const v1 = await call(stack.url, 'GET', `/v1/scenarios/${id}/versions/1`, { token });
    expect(v1.json.scenario.name).toBe('Tiny PACS'); // versions are immutable

    const history = await call(stack.url, 'GET', `/v1/scenarios/${id}/history`, { token });
    expect(history.json.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const diff = await call(stack.url, 'GET', `/v1/scenarios/${id}/diff?from=1&to=2`, { token });
    expect(diff.json.changes).toEqual([
      { path: 'name', kind: 'changed', before: 'Tiny PACS', after: 'Tiny PACS (edited)' },
    ]);

    const list = await call(stack.url, 'GET', '/v1/scenarios', { token });
    expect(list.json.items.map((h: { id: string }) => h.id)).toEqual([id]);
    expect(list.json.items[0]).toMatchObject({ latest: 2, name: 'Tiny PACS (edited)', archived: false });

    const archived = await call(stack.url, 'POST', `/v1/scenarios/${id}/archive`, { token });
    expect(archived.json.archived).toBe(true);
    expect((await call(stack.url, 'GET', '/v1/scenarios', { token })).json.items).toEqual([]);
    expect(
      (await call(stack.url, 'GET', '/v1/scenarios?includeArchived=true', { token })).json.items,
    ).toHaveLength(1);
  });

  it('pages through the list with opaque cursors and refuses tampered ones', async () => {
    const token = await stack.token(newOrgCode());
    for (let i = 0; i < 5; i++)
      await call(stack.url, 'POST', '/v1/scenarios', {
        token,
        body: { scenario: { ...tinyScenario(), name: `S${i}` } },
      });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        stack.url,
        'GET',
        `/v1/scenarios?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token },
      );
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((h: { name: string }) => h.name));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['S0', 'S1', 'S2', 'S3', 'S4']);

    const first = await call(stack.url, 'GET', '/v1/scenarios?limit=2', { token });
    const c: string = first.json.nextCursor;
    const tampered = c.slice(0, -2) + (c.endsWith('A') ? 'BB' : 'AA');
    const bad = await call(stack.url, 'GET', `/v1/scenarios?limit=2&cursor=${encodeURIComponent(tampered)}`, {
      token,
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.field).toBe('cursor');
  });

  it('rejects bad documents with the field at fault', async () => {
    const token = await stack.token(newOrgCode());
    const bad = tinyScenario();
    (bad.population.practices[0] as { neighbourhood: string }).neighbourhood = 'atlantis';
    const r = await call(stack.url, 'POST', '/v1/scenarios', { token, body: { scenario: bad } });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({ field: 'population.practices[0].neighbourhood', retryable: false });
    const notJson = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      raw: '{"scenario":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    const wrongType = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      raw: 'scenario=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.field).toBe('content-type');
    const huge = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      raw: `{"x":"${'a'.repeat(7 * 1024 * 1024)}"}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    const missing = await call(stack.url, 'GET', '/v1/scenarios/s_aaaaaaaaaaaaaaaaaaaa', { token });
    expect(missing.status).toBe(404);
    const badId = await call(stack.url, 'GET', '/v1/scenarios/not-an-id', { token });
    expect(badId.status).toBe(422);
    expect(badId.json.error.field).toBe('id');
  });

  it('serves health without a token and OpenAPI with one', async () => {
    const health = await call(stack.url, 'GET', '/v1/health');
    expect(health.json).toMatchObject({ status: 'ok', schemaVersion: 1 });
    expect((await call(stack.url, 'GET', '/v1/openapi.json')).status).toBe(401);
    const doc = await call(stack.url, 'GET', '/v1/openapi.json', { token: await stack.token(newOrgCode()) });
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining(['/v1/calc', '/v1/scenarios', '/v1/scenarios/{id}/diff']),
    );
    expect(doc.json.components.schemas.Scenario.properties.riskShare).toBeDefined();
  });
});
