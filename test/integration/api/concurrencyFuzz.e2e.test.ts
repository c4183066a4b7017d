import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { type Stack, call, newOrgCode, startStack } from './stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(await ddbEndpoint());
});
afterAll(() => stack?.close());

describe('concurrency', () => {
  it('50 simultaneous saves from the same base version: one wins, 49 get 409, history complete', async () => {
    const token = await stack.token(newOrgCode());
    const created = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    const id = created.json.id;
    const saves = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(stack.url, 'PUT', `/v1/scenarios/${id}`, {
          token,
          body: { scenario: { ...tinyScenario(), name: `edit ${i}` }, summary: `edit ${i}` },
          headers: { 'if-match': '"1"' },
        }),
      ),
    );
    const statuses = saves.map((s) => s.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const s of saves.filter((x) => x.status === 409)) expect(s.json.error.currentVersion).toBe(2);
    const winner = saves.find((s) => s.status === 200)!;
    const history = await call(stack.url, 'GET', `/v1/scenarios/${id}/history`, { token });
    expect(history.json.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.json.items[0].summary).toBe(winner.json.summary);
    const latest = await call(stack.url, 'GET', `/v1/scenarios/${id}`, { token });
    expect(latest.json.scenario.name).toBe(winner.json.scenario.name);
  });
});

const ALLOWED = new Set([200, 201, 400, 401, 404, 409, 413, 422, 429]);

describe('fuzzing: malformed bodies, paths, headers and tokens', () => {
  it('answers only documented 4xx JSON errors (or success) and stays up', async () => {
    const token = await stack.token(newOrgCode());
    const created = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    const id: string = created.json.id;
    const [h, p, s] = token.split('.');

    const path = fc.oneof(
      fc.constantFrom(
        '/v1/calc',
        '/v1/scenarios',
        `/v1/scenarios/${id}`,
        `/v1/scenarios/${id}/history`,
        `/v1/scenarios/${id}/diff`,
        `/v1/scenarios/${id}/versions/1`,
        `/v1/scenarios/${id}/archive`,
        '/v1/health',
        '/v1/openapi.json',
      ),
      fc.string({ maxLength: 60 }).map((x) => `/v1/${encodeURIComponent(x)}`),
      fc.constantFrom(
        '/',
        '/v1/scenarios/../../etc/passwd',
        '/v1/scenarios/%E0%A4%A',
        '/v1//scenarios',
        `/v1/scenarios/${id}/versions/-1`,
        `/v1/scenarios/${id}/versions/1e9`,
      ),
      fc
        .tuple(fc.constantFrom(`/v1/scenarios/${id}/diff`, '/v1/scenarios'), fc.string({ maxLength: 40 }))
        .map(([a, q]) => `${a}?${q}`),
    );
    const auth = fc.oneof(
      fc.constant(`Bearer ${token}`),
      fc.constant(''),
      fc.string({ maxLength: 80 }).map((x) => `Bearer ${x}`),
      fc.constant(`Bearer ${h}.${p}.${s!.slice(0, -3)}abc`),
      fc.constant(`Bearer ${h}.${Buffer.from('{"roles":["Org.X"]}').toString('base64url')}.${s}`),
      fc.string({ maxLength: 40 }),
    );
    const body = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.string({ maxLength: 200 }),
      fc.constant('{"scenario":'),
      fc.constant('{"__proto__":{"polluted":true},"scenario":{"schemaVersion":1}}'),
      fc.constant(
        `{"ops":[${Array.from({ length: 600 }, (_, i) => `{"id":"${i}","fn":"VERSION"}`).join(',')}]}`,
      ),
      fc.constant(`${'['.repeat(5000)}${']'.repeat(5000)}`),
      fc
        .jsonValue({ maxDepth: 3 })
        .map((v) => JSON.stringify({ ops: [{ id: 'f', fn: 'CAPITATION', args: [id, v] }] })),
      fc
        .jsonValue({ maxDepth: 3 })
        .map((v) => JSON.stringify({ scenario: { ...tinyScenario(), contract: v } })),
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      path,
      auth,
      body: fc.option(body, { nil: undefined }),
      contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
      ifMatch: fc.option(fc.oneof(fc.constant('"1"'), fc.string({ maxLength: 10 })), { nil: undefined }),
    });

    const samples = fc.sample(request, { numRuns: 2000, seed: 20261123 });
    const failures: string[] = [];
    const seen = new Map<number, number>();
    for (let i = 0; i < samples.length; i += 25) {
      await Promise.all(
        samples.slice(i, i + 25).map(async (r) => {
          const headers: Record<string, string> = {};
          if (r.auth) headers.authorization = r.auth;
          if (r.contentType) headers['content-type'] = r.contentType;
          if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
          const hasBody = r.body !== undefined && r.method !== 'GET';
          const res = await fetch(`${stack.url}${r.path}`, {
            method: r.method,
            headers,
            ...(hasBody ? { body: r.body } : {}),
          });
          const text = await res.text();
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          let json: { error?: { code?: unknown; message?: unknown; retryable?: unknown } } | undefined;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const ok =
            ALLOWED.has(res.status) &&
            json !== undefined &&
            (res.status < 400 ||
              (typeof json.error?.code === 'string' &&
                typeof json.error.message === 'string' &&
                typeof json.error.retryable === 'boolean'));
          if (!ok || /\bat .*\.ts:\d+/.test(text))
            failures.push(`${r.method} ${r.path} -> ${res.status} ${text.slice(0, 200)}`);
        }),
      );
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The fuzzer reached past authentication into routing, parsing and validation.
    for (const status of [200, 400, 401, 404, 422])
      expect(seen.get(status) ?? 0, `status ${status}`).toBeGreaterThan(5);
    expect((await call(stack.url, 'GET', '/v1/health')).status).toBe(200);
    // The scenario the fuzzer attacked is still intact and readable.
    const after = await call(stack.url, 'GET', `/v1/scenarios/${id}`, { token });
    expect(after.status).toBe(200);
    expect(after.json.scenario.population.practices).toHaveLength(2);
  });
});
