// The operations the Excel catalogue added: what-if overrides (applied to a copy of the scenario, validated by
// the scenario schema, named by path when wrong), CAPITATION's measures and parts, NEEDINDEX from practice rows
// and SETTLE's corridor bands. Expected values come from the engine run on a scenario edited by hand, from the
// engine's own result fields, or from arithmetic worked in the comments.
import { describe, expect, it } from 'vitest';
import { toHttpError } from '../../../functions/http/errorMapping.ts';
import { capitationFigure } from '../../../shared/contract/operations/capitation.ts';
import { operationContext } from '../../../shared/contract/operations/catalogue.ts';
import { applyOverrides, parsePath } from '../../../shared/contract/operations/overrides.ts';
import { runBatch } from '../../../shared/contract/operations/runBatch.ts';
import { CalcRequest } from '../../../shared/contract/wire/calc.ts';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { calculate } from '../../../shared/core/engine/index.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

const REF = 's_abcdefghijklmnopqrst@1';
const tiny = parseScenario(tinyScenario());
const run = async (ops: unknown[]) =>
  (
    await runBatch(
      CalcRequest.parse({ ops: ops.map((o, i) => ({ id: `op${i}`, ...(o as object) })) }),
      async () => operationContext(tiny),
      (e) => toHttpError(e).body.error,
    )
  ).results;

/** The validation problems of a failing call, as `field: message`. */
function problems(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map((p) => `${p.field}: ${p.message}`);
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('what-if overrides', () => {
  it('gives the engine result of the scenario edited by hand', () => {
    const edited = tinyScenario();
    edited.trajectory = { costUplift: 0.03, efficiency: 0.01, nonDemographicGrowth: 0 };
    (edited.serviceLines![1]!.baselinePppy as number[])[1] = 2500;
    const byHand = calculate(parseScenario(edited));
    const overridden = calculate(
      applyOverrides(tiny, [
        { path: 'trajectory.costUplift', value: 0.03 },
        { path: 'trajectory.efficiency', value: 0.01 },
        { path: 'serviceLines[acute].baselinePppy[1]', value: 2500 },
      ]),
    );
    expect(overridden.years.map((y) => y.contractValue)).toEqual(byHand.years.map((y) => y.contractValue));
    expect(overridden.years[1]!.contractValue).not.toBe(calculate(tiny).years[1]!.contractValue);
  });

  it('names list items by index or by id, and reads JSON text as a list or an object', () => {
    const a = applyOverrides(tiny, [{ path: 'serviceLines[2].baselinePppy', value: '[60, 120]' }]);
    const b = applyOverrides(tiny, [{ path: 'serviceLines[spec].baselinePppy', value: '[60,120]' }]);
    expect(a.serviceLines[2]!.baselinePppy).toEqual([60, 120]);
    expect(b).toEqual(a);
    expect(applyOverrides(tiny, [{ path: 'contract.form', value: 'virtual' }]).contract.form).toBe('virtual');
  });

  it('leaves the saved scenario untouched', () => {
    const before = JSON.stringify(tiny);
    applyOverrides(tiny, [{ path: 'trajectory.efficiency', value: 0.05 }]);
    expect(JSON.stringify(tiny)).toBe(before);
  });

  it.each([
    ['trajectory.efficency', 0.02, /^trajectory\.efficency: unknown field; did you mean `efficiency`\?/],
    ['contract.years', 40, /^contract\.years: .*(<=|at most|too big).*15/i],
    ['trajectory.efficiency', 'high', /^trajectory\.efficiency: .*number/i],
    ['serviceLines[acutee].baselinePppy', 1, /no item with id "acutee".*did you mean acute/],
    ['serviceLines[7].id', 'x', /has 3 items \(0 to 2\)/],
    ['serviceLines..id', 'x', /cannot read this path/],
    ['trajectory.efficiency', '', /the value is blank/],
    ['contract.years', '[1,2', /not valid JSON/],
    ['contract.colour', 'blue', /colour/],
  ])('%s = %j is refused with the path and the reason', (path, value, message) => {
    const found = problems(() => applyOverrides(tiny, [{ path, value }]));
    expect(found.join('\n')).toMatch(message);
    expect(found.join('\n')).toContain(path.split(/[.[]/)[0]!);
  });

  it('reports a broken cross-reference after the change', () => {
    const found = problems(() =>
      applyOverrides(tiny, [{ path: 'serviceLines[gp].providers[0].provider', value: 'nobody' }]),
    );
    expect(found.join('\n')).toMatch(/nobody/);
  });

  it('parses paths step by step', () => {
    expect(parsePath('a.b[2].c[x-1]')).toEqual([
      { key: 'a' },
      { key: 'b' },
      { index: 2 },
      { key: 'c' },
      { id: 'x-1' },
    ]);
  });

  it('runs in a batch: each set of overrides is its own scenario, identical ones computed once', async () => {
    const efficiency = (value: number) => ({
      fn: 'CAPITATION',
      args: [REF, 1],
      overrides: [{ path: 'trajectory.efficiency', value }],
    });
    const results = await run([
      efficiency(0.01),
      efficiency(0.05),
      efficiency(0.01),
      { fn: 'CAPITATION', args: [REF, 1] },
    ]);
    const values = results.map((r) => (r.ok ? r.value : r.error));
    const expected = (e: number) =>
      calculate(
        parseScenario(
          tinyScenario({ trajectory: { costUplift: 0, efficiency: e, nonDemographicGrowth: 0 } }),
        ),
      ).years[1]!.contractValue;
    expect(values).toEqual([
      expected(0.01),
      expected(0.05),
      expected(0.01),
      calculate(tiny).years[1]!.contractValue,
    ]);
  });

  it('answers a bad override per operation, naming the path; a function without a scenario takes none', async () => {
    const [bad, version] = await run([
      { fn: 'PPPY', args: [REF, 1], overrides: [{ path: 'trajectory.nope', value: 1 }] },
      { fn: 'VERSION', args: [], overrides: [{ path: 'trajectory.efficiency', value: 1 }] },
    ]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_error', field: 'trajectory.nope' } });
    expect(version).toMatchObject({
      ok: false,
      error: { field: 'overrides', message: 'overrides: VERSION takes no overrides' },
    });
  });
});

describe('CAPITATION: a measure, optionally for one part', () => {
  const y = calculate(tiny).years[1]!;

  it('gives each measure of the year as the engine reports it', () => {
    expect(capitationFigure(y, 'contract_value', undefined)).toBe(y.contractValue);
    expect(capitationFigure(y, 'pppy', undefined)).toBe(y.pppy);
    expect(capitationFigure(y, 'person_years', undefined)).toBe(y.personYears);
    expect(capitationFigure(y, 'in_scope_spend', undefined)).toBe(y.inScopeSpend);
    expect(capitationFigure(y, 'whole_population_spend', undefined)).toBe(y.wholePopulationSpend);
    expect(capitationFigure(y, 'out_of_scope_spend', undefined)).toBe(y.outOfScopeSpend);
    expect(capitationFigure(y, 'savings_required', undefined)).toBe(0);
    expect(capitationFigure(y, 'withhold', undefined)).toBe(0);
  });

  it('splits the contract value into parts that add up to it', () => {
    const bySegment = y.segments.reduce((a, s) => a + capitationFigure(y, 'contract_value', s.segment), 0);
    const byNeighbourhood = y.neighbourhoods.reduce(
      (a, n) => a + capitationFigure(y, 'contract_value', n.neighbourhood),
      0,
    );
    const byLine = y.lines.reduce((a, l) => a + capitationFigure(y, 'contract_value', l.line), 0);
    for (const total of [bySegment, byNeighbourhood, byLine]) expect(total).toBeCloseTo(y.contractValue, 6);
    expect(capitationFigure(y, 'pppy', 'over65')).toBe(y.segments[1]!.pppy);
  });

  it('names the problem: an unknown part, or a measure a part does not have', () => {
    expect(() => capitationFigure(y, 'pppy', 'nowhere')).toThrow(
      /"nowhere" is not a segment, neighbourhood or service line/,
    );
    expect(() => capitationFigure(y, 'withhold', 'n1')).toThrow(
      /withhold is not given for one neighbourhood; use contract_value, pppy, person_years/,
    );
  });

  it('answers a wrong measure with the list of valid ones', async () => {
    const [r] = await run([{ fn: 'CAPITATION', args: [REF, 1, 'budget'] }]);
    expect(r).toMatchObject({ ok: false, error: { code: 'validation_error', field: 'args[2]' } });
    expect(!r!.ok && r!.error.message).toMatch(/"budget" is not one of contract_value, pppy, person_years/);
  });
});

describe('NEEDINDEX from practice rows in the workbook', () => {
  // ICB population 1000 + 2000 + 1000 = 4000, weighted 1100 + 1900 + 1000 = 4000, so the ICB rate is 1:
  // place A (one practice): 1100 / 1000 = 1.1; place B (two): (1900 + 1000) / 3000 = 0.9666...
  const rows = [
    ['Practice_Code', 'ICS22', 'LTLA21', 'pop 2022/23', 'Final WP', 'MH WP'],
    ['P1', 'QXX', 'A', 1000, 1100, 900],
    ['P2', 'QXX', 'B', 2000, 1900, 2100],
    ['P3', 'QXX', 'B', 1000, 1000, 1000],
    ['P4', 'QYY', 'C', 5000, 1, 1],
  ];

  it('gives each place its relative need index and share of need', async () => {
    const [r] = await run([{ fn: 'NEEDINDEX', args: ['qxx', 'ltla21', null, rows] }]);
    expect(r).toMatchObject({ ok: true });
    const table = (r as { value: unknown[][] }).value;
    expect(table[0]).toEqual([
      'place',
      'practices',
      'GP population',
      'weighted population',
      'relative need index',
      'share of need',
    ]);
    expect(table[1]).toEqual(['A', 1, 1000, 1100, 1.1, 1100 / 4000]);
    expect(table[2]![4]).toBeCloseTo(2900 / 3000, 12);
    expect(table[2]![5]).toBeCloseTo(2900 / 4000, 12);
  });

  it('uses the component asked for', async () => {
    // Mental health: A 900 / 1000, ICB (900 + 2100 + 1000) / 4000 = 1.
    const [r] = await run([{ fn: 'NEEDINDEX', args: ['QXX', 'LTLA21', 'MH WP', rows] }]);
    expect((r as { value: unknown[][] }).value[1]![4]).toBeCloseTo(0.9, 12);
  });

  it('names a missing column and a bad cell', async () => {
    const [missing, bad] = await run([
      { fn: 'NEEDINDEX', args: ['QXX', 'LTLA21', 'CS WP', rows] },
      { fn: 'NEEDINDEX', args: ['QXX', 'LTLA21', null, [rows[0]!, ['P1', 'QXX', 'A', 'many', 1, 1]]] },
    ]);
    expect(!missing!.ok && missing!.error.message).toMatch(/no column "CS WP"/);
    expect(!bad!.ok && bad!.error.message).toMatch(/row 2, column "pop 2022\/23".*"many"/);
  });

  it('says so when the service has no published data and no rows are given', async () => {
    const [r] = await run([{ fn: 'NEEDINDEX', args: ['QXX', 'LTLA21'] }]);
    expect(!r!.ok && r!.error.message).toMatch(/no published practice data/);
  });
});

describe('SETTLE shows the corridor bands', () => {
  it('lists each band with what the providers keep or bear, adding up to their corridor share', async () => {
    const benchmark = calculate(tiny).years[1]!.contractValue;
    const [r] = await run([{ fn: 'SETTLE', args: [REF, 1, benchmark * 0.9] }]);
    const rows = (r as unknown as { value: [string, number][] }).value;
    const bands = rows.filter(([label]) => label.startsWith('band '));
    expect(bands.length).toBeGreaterThan(0);
    expect(bands[0]![0]).toMatch(/^band \d+(\.\d+)?% to (\d+(\.\d+)?%|above), providers \d+(\.\d+)?%$/);
    // nhs_symmetric_50_50 and no cap reached: the providers keep half of a 10% saving.
    expect(bands.reduce((a, [, v]) => a + v, 0)).toBeCloseTo(benchmark * 0.1 * 0.5, 2);
  });
});
