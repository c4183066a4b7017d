import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiRequest } from '../../../functions/http/request.ts';
import { NotFoundError } from '../../../shared/contract/errors/index.ts';
import { calcRoutes } from '../../../functions/routes/calc.ts';
import type { Caller, ScenarioStore } from '../../../functions/store/ports.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

/* POST /v1/calc turns each operation's result into JSON once: the text the response-size limit measures is the text
 * sent (the route does not serialise the response object again). Counted by watching JSON.stringify while the route
 * answers, with the scenario from an in-memory store standing in for DynamoDB (the store is tested against DynamoDB
 * Local elsewhere). */

const ID = 's_abcdefghijklmnopqrst';
const store = {
  head: async () => ({ id: ID, latest: 1 }),
  version: async (_org: string, id: string) => {
    if (id !== ID) throw new NotFoundError('scenario', 'args[0]');
    return { id: ID, version: 1, scenario: tinyScenario() };
  },
} as unknown as ScenarioStore;
const caller = { org: 'ORG1', user: 'u', name: 'U' } as Caller;

const requestOf = (body: unknown): ApiRequest => ({
  method: 'POST',
  path: '/v1/calc',
  params: {},
  query: {},
  headers: {},
  body: () => body,
  requestId: 'r1',
});

afterEach(() => vi.restoreAllMocks());

describe('POST /v1/calc', () => {
  it('serialises each operation result once, and never the whole response', async () => {
    const ops = [
      { id: 'a', fn: 'CAPITATION', args: [`${ID}@1`, 1] },
      { id: 'b', fn: 'PPPY', args: [`${ID}@1`, 1] },
      { id: 'c', fn: 'CAPITATION', args: [`${ID}@1`, 1] }, // a duplicate: computed once, its own id
      { id: 'd', fn: 'BUDGET', args: [`${ID}@1`, 2] },
      { id: 'e', fn: 'CAPITATION', args: ['s_nosuchscenarioxxxxxx@1', 1] },
    ];
    const [route] = calcRoutes(store);
    const stringify = vi.spyOn(JSON, 'stringify');
    const response = await route!.handler(requestOf({ ops }), caller);
    const args = stringify.mock.calls.map(([value]) => value as Record<string, unknown> | undefined);
    stringify.mockRestore();

    const isResult = (v: unknown) => typeof v === 'object' && v !== null && 'ok' in v && 'id' in v;
    const resultIds = args.filter(isResult).map((v) => (v as { id: string }).id);
    expect(resultIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Nothing holding a result was serialised a second time (the response object, an array of results).
    const holdsResult = (v: unknown): boolean =>
      typeof v === 'object' &&
      v !== null &&
      !isResult(v) &&
      Object.values(v).some((x) => isResult(x) || holdsResult(x));
    expect(args.filter(holdsResult)).toEqual([]);

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.results.map((r: { id: string; ok: boolean }) => [r.id, r.ok])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', true],
      ['e', false],
    ]);
    expect(body.results[2].value).toEqual(body.results[0].value);
  });
});
