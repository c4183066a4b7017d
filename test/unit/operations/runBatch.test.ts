import { describe, expect, it } from 'vitest';
import { CalcRequest } from '../../../shared/contract/wire/calc.ts';
import {
  NotFoundError,
  PayloadTooLargeError,
  UnavailableError,
} from '../../../shared/contract/errors/serviceErrors.ts';
import type { ParsedRef } from '../../../shared/contract/wire/scenarioRef.ts';
import { operationContext } from '../../../shared/contract/operations/catalogue.ts';
import {
  type ScenarioLoader,
  runBatchJson,
  runBatch as runBatchWith,
} from '../../../shared/contract/operations/runBatch.ts';
import { toHttpError } from '../../../functions/http/errorMapping.ts';
import type { Scenario } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

/** The operations with the HTTP layer's error bodies, as POST /v1/calc runs them. */
const runBatch = (request: CalcRequest, load: ScenarioLoader) =>
  runBatchWith(request, load, (e) => toHttpError(e).body.error);

const ID = 's_abcdefghijklmnopqrst';
const tiny = parseScenario(tinyScenario());

/** An in-memory loader standing in for the store (the store itself is tested against DynamoDB Local). */
function loader(scenarios: Record<string, Scenario>) {
  const calls: string[] = [];
  const load = async (ref: ParsedRef) => {
    calls.push(`${ref.id}@${ref.version ?? 'latest'}`);
    const s = scenarios[ref.id];
    if (!s) throw new NotFoundError(`scenario ${ref.id}`, 'args[0]');
    return operationContext(s);
  };
  return { load, calls };
}

const request = (ops: unknown[]) => CalcRequest.parse({ ops });

describe('POST /v1/calc batch semantics (pure part)', () => {
  it('answers each operation, loading each scenario version once and computing duplicates once', async () => {
    const { load, calls } = loader({ [ID]: tiny });
    const r = await runBatch(
      request([
        { id: 'a', fn: 'CAPITATION', args: [`${ID}@1`, 1] },
        { id: 'b', fn: 'CAPITATION', args: [`${ID}@1`, 1] },
        { id: 'c', fn: 'PPPY', args: [`${ID}@1`, 0, 'over65'] },
        { id: 'd', fn: 'VERSION' },
        { id: 'e', fn: 'BUDGET', args: [`${ID}@1`, 1, 'neighbourhood'] },
      ]),
      load,
    );
    expect(calls).toEqual([`${ID}@1`]);
    expect(r.results.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Hand-derived in the fixture: contract value 4,300,000; over-65 in-scope PPPY = 300 + 2,000 = 2,300.
    expect(r.results[0]).toMatchObject({ ok: true, value: 4_300_000 });
    expect(r.results[1]).toMatchObject({ ok: true, value: 4_300_000 });
    expect(r.results[2]).toMatchObject({ ok: true, value: 2_300 });
    expect(r.results[3]).toMatchObject({ ok: true, value: expect.stringMatching(/scenario schema 1/) });
    const spill = (r.results[4] as { value: unknown[][] }).value;
    expect(spill[0]).toEqual([
      'neighbourhood',
      'person-years',
      'GBP',
      'GBP per person per year',
      'distance from need target',
    ]);
    expect(spill[1]![2]).toBeCloseTo(960_000, 6); // practice A, the only practice in n1
  });

  it('gives each bad operation its own error naming the argument', async () => {
    const { load } = loader({ [ID]: tiny });
    const r = await runBatch(
      request([
        { id: 'ok', fn: 'CAPITATION', args: [ID, 2] },
        { id: 'year', fn: 'CAPITATION', args: [ID, 'two'] },
        { id: 'range', fn: 'CAPITATION', args: [ID, 7] },
        { id: 'ref', fn: 'CAPITATION', args: ['Sheet1!A1', 1] },
        { id: 'missing', fn: 'CAPITATION', args: ['s_zzzzzzzzzzzzzzzzzzzz', 1] },
        { id: 'extra', fn: 'SCOPE', args: [ID, 1, 2] },
        { id: 'segment', fn: 'PPPY', args: [ID, 1, 'teenagers'] },
      ]),
      load,
    );
    const byId = Object.fromEntries(r.results.map((x) => [x.id, x]));
    expect(byId.ok).toMatchObject({ ok: true });
    expect(byId.year).toMatchObject({ ok: false, error: { code: 'validation_error', field: 'args[1]' } });
    expect(byId.range).toMatchObject({ ok: false, error: { code: 'domain_error', field: 'year' } });
    expect(byId.ref).toMatchObject({
      ok: false,
      error: { field: 'args[0]', message: expect.stringMatching(/scenario reference/) },
    });
    expect(byId.missing).toMatchObject({ ok: false, error: { code: 'not_found', retryable: false } });
    expect(byId.extra).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    expect(byId.segment).toMatchObject({ ok: false, error: { field: 'segment' } });
  });

  it('explains a year figure and a single budget cell', async () => {
    const { load } = loader({ [ID]: tiny });
    const r = await runBatch(
      request([
        { id: 'cv', fn: 'EXPLAIN', args: [ID, 1, 'budget.contractValue'] },
        { id: 'cell', fn: 'EXPLAIN', args: [ID, 1, 'budget.acute.n2.over65'] },
      ]),
      load,
    );
    const [cv, cell] = r.results as unknown as { value: unknown[][] }[];
    expect(cv!.value[1]!.slice(0, 2)).toEqual(['budget.contractValue', 'B7']);
    // Practice B's 800 over-65s x 2,000 acute PPPY = 1,600,000 (no need adjustment, no trajectory).
    expect(cell!.value.at(-1)![3]).toBeCloseTo(1_600_000, 6);
  });

  it('settles through the real settlement: a 100,000 saving shared 50/50', async () => {
    const { load } = loader({ [ID]: tiny });
    const r = await runBatch(request([{ id: 's', fn: 'SETTLE', args: [ID, 1, 4_200_000] }]), load);
    const rows = Object.fromEntries((r.results[0] as unknown as { value: [string, number][] }).value);
    expect(rows['gross result']).toBeCloseTo(100_000, 6);
    expect(rows['providers share']).toBeCloseTo(50_000, 6);
  });

  it('fails the whole batch as retryable when storage is down', async () => {
    await expect(
      runBatch(request([{ id: 'a', fn: 'CAPITATION', args: [ID, 1] }]), async () => {
        throw new UnavailableError();
      }),
    ).rejects.toBeInstanceOf(UnavailableError);
  });

  it('refuses to build a response over 5 MB and says so', async () => {
    // 3,000 segments -> a 3,001-row spill of at least 20 bytes a row per BUDGET-by-segment operation (>60 KB);
    // 150 such operations pass 9 MB.
    const wide = tinyScenario();
    const segments = Array.from({ length: 3000 }, (_, i) => ({
      id: `seg${i}`,
      ageFrom: 0,
      sex: 'all' as const,
    }));
    const big = parseScenario({
      ...wide,
      population: {
        ...wide.population,
        segments,
        practices: wide.population.practices.map((p) => ({ ...p, personYears: segments.map(() => 1) })),
      },
      serviceLines: wide.serviceLines.map((l) => ({ ...l, baselinePppy: segments.map(() => 1) })),
    });
    const { load } = loader({ [ID]: big });
    const ops = Array.from({ length: 150 }, (_, i) => ({
      id: `op${i}`,
      fn: 'BUDGET',
      args: [ID, i % 3, 'segment'],
    }));
    await expect(runBatch(request(ops), load)).rejects.toThrow(PayloadTooLargeError);
    await expect(runBatch(request(ops), load)).rejects.toThrow(/exceed 5 MB/);
  });
});

describe('POST /v1/calc body', () => {
  it('is serialised once, from each result, and equals JSON.stringify of the response object', async () => {
    const { load } = loader({ [ID]: tiny });
    const req = request([
      { id: 'a', fn: 'CAPITATION', args: [ID, 1] },
      { id: 'b', fn: 'CAPITATION', args: [ID, 1] },
      { id: 'c', fn: 'PPPY', args: [ID, 1] },
      { id: 'd', fn: 'CAPITATION', args: ['s_nosuchscenarioxxxxxx', 1] },
    ]);
    const describe = (e: unknown) => toHttpError(e).body.error;
    const text = await runBatchJson(req, load, describe);
    expect(text).toBe(JSON.stringify(await runBatchWith(req, load, describe)));
    expect(JSON.parse(text).results.map((r: { id: string }) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
