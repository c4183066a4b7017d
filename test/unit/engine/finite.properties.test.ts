import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../../shared/core/base/errors.ts';
import { calculate } from '../../../shared/core/engine/calculate.ts';
import { RISK_SHARE_PRESETS } from '../../../shared/core/presets/riskSharePresets.ts';
import type { ScenarioInput } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario, parseWith } from '../../../shared/core/scenario/validate.ts';
import { Actual } from '../../../shared/core/settlement/actual.ts';
import { settle } from '../../../shared/core/settlement/settle.ts';
import { simulate } from '../../../shared/core/simulation/simulate.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

/* Issue 9, point 6: numbers that overflow are refused at the schema, with the bound stated, and no result of the
 * engine is ever NaN or infinite for any document the schema accepts. The generator spans the documented bounds
 * (docs/scenario-model.md, "Bounds"), written out here from the documentation rather than imported, and leans on
 * their extremes: zero populations, the largest population and PPPY, +100% a year for 15 years, the largest
 * deficit, stop-loss and prices. */

const PERSON_YEARS = 10_000_000;
const TOTAL_PERSON_YEARS = 70_000_000;
const PPPY = 1_000_000;
const AMOUNT = 1e12;
const PATIENT = 1e8;

/** Every number in `v` that is not finite, with its path. */
function nonFinite(v: unknown, path = ''): string[] {
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [`${path} = ${v}`];
  if (Array.isArray(v) || ArrayBuffer.isView(v))
    return Array.from(v as ArrayLike<unknown>).flatMap((x, i) => nonFinite(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => nonFinite(x, `${path}.${k}`));
  return [];
}

/** Values across [min, max], often exactly at either end. */
const within = (min: number, max: number) =>
  fc.oneof(fc.constant(min), fc.constant(max), fc.double({ min, max, noNaN: true }));
/** 0, or across [least, max] (person-years and PPPY are 0 or not vanishingly small). */
const zeroOrWithin = (least: number, max: number) => fc.oneof(fc.constant(0), within(least, max));
const rate = within(-0.5, 1);
const share = within(0, 1);

const riskShareArb = fc.oneof(
  fc.record({
    preset: fc.constantFrom(...RISK_SHARE_PRESETS.map((p) => p.id)),
    gainCapRate: fc.option(share, { nil: undefined }),
  }),
  fc.record({
    discount: within(0, 0.5),
    order: fc.constantFrom('share_then_cap', 'cap_then_share'),
    gain: fc.record({
      threshold: fc.oneof(
        fc.record({ type: fc.constant('fixed'), rate: share }),
        fc.record({ type: fc.constant('mssp_table') }),
        fc.record({ type: fc.constant('normal_variation'), z: within(0.01, 10), cv: within(0.01, 100) }),
      ),
      bands: fc.constant([
        { upTo: 10, providerRate: 0.5 },
        { upTo: null, providerRate: 1 },
      ]),
      capRate: fc.option(share, { nil: null }),
      haircut: share,
    }),
    loss: fc.record({
      bands: fc.constant([{ upTo: null, providerRate: 0.5 }]),
      capRate: fc.option(share, { nil: null }),
      revenueCapRate: fc.option(share, { nil: null }),
    }),
    stopLoss: fc.record({
      specific: fc.option(
        fc.record({
          attachment: within(1, PATIENT),
          coinsurance: share,
          limit: fc.option(within(1, PATIENT), { nil: null }),
        }),
        { nil: null },
      ),
      aggregate: fc.option(
        fc.record({
          attachmentRate: within(1, 10),
          coinsurance: share,
          limit: fc.option(within(1, AMOUNT), { nil: null }),
        }),
        { nil: null },
      ),
    }),
  }),
);

/** Valid documents anywhere within the bounds: 1-2 practices x 1-3 segments (so the total stays under 70 million
 *  person-years), 1-3 lines, 1-15 years. */
const scenarioArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    segments: fc.integer({ min: 1, max: 3 }),
    practices: fc.integer({ min: 1, max: 2 }),
    lines: fc.integer({ min: 1, max: 3 }),
    years: fc.constantFrom(1, 2, 15),
  })
  .chain((d) =>
    fc.record({
      d: fc.constant(d),
      form: fc.constantFrom('virtual', 'partially_integrated', 'fully_integrated'),
      py: fc.array(
        fc.array(zeroOrWithin(0.001, PERSON_YEARS), { minLength: d.segments, maxLength: d.segments }),
        {
          minLength: d.practices,
          maxLength: d.practices,
        },
      ),
      pppy: fc.array(fc.array(zeroOrWithin(0.0001, PPPY), { minLength: d.segments, maxLength: d.segments }), {
        minLength: d.lines,
        maxLength: d.lines,
      }),
      inScope: fc.array(fc.boolean(), { minLength: d.lines, maxLength: d.lines }),
      costIndex: fc.option(within(0.001, 1000), { nil: undefined }),
      need: fc.oneof(
        fc.constant({ method: 'none' as const }),
        fc.record({
          method: fc.constant('weighted_capitation' as const),
          normalise: fc.constantFrom('population', 'none'),
        }),
        fc.record({
          method: fc.constant('risk_score' as const),
          normalisationFactor: within(0.01, 10),
          codingAdjustment: share,
          referenceScore: within(0.01, 100),
          score: within(0.01, 100),
          growthCap: fc.option(fc.record({ rate: share }), { nil: undefined }),
        }),
      ),
      needIndex: within(0.01, 10),
      pace: share,
      growth: rate,
      uplift: rate,
      efficiency: within(-0.5, 0.5),
      demand: rate,
      unregisteredRate: within(0, 0.5),
      deficit: fc.option(
        fc.record({ amount: zeroOrWithin(0.01, AMOUNT), recoveryYears: fc.integer({ min: 1, max: 20 }) }),
        {
          nil: undefined,
        },
      ),
      withhold: within(0, 0.5),
      payment: fc.oneof(
        fc.constant({ type: 'capitated' as const }),
        fc.record({ type: fc.constant('block_share' as const), share }),
        fc.record({
          type: fc.constant('fixed_variable' as const),
          variableRate: share,
          unitPrice: within(0.01, 1e7),
          plannedActivity: within(0, 1e9),
        }),
      ),
      distribution: fc.oneof(
        fc.constant({ method: 'equal' as const }),
        fc.constant({ method: 'pro_rata_budget' as const }),
        fc.record({
          method: fc.constant('custom' as const),
          weights: fc.record({ a: zeroOrWithin(1e-6, 1e12) }),
        }),
      ),
      riskShare: riskShareArb,
    }),
  )
  .map((g) => {
    const { d } = g;
    const risk = g.need.method === 'risk_score' ? g.need : undefined;
    const need = risk
      ? {
          method: 'risk_score' as const,
          normalisationFactor: risk.normalisationFactor,
          codingAdjustment: risk.codingAdjustment,
          referenceScore: risk.referenceScore,
          ...(risk.growthCap ? { growthCap: risk.growthCap } : {}),
          practices: g.py.map((_, p) => ({
            practice: `p${p}`,
            rawScoreByYear: Array.from({ length: d.years + 1 }, (_, y) => (y % 2 ? risk.score : 1)),
          })),
        }
      : g.need;
    return {
      schemaVersion: 1,
      name: 'extremes',
      contract: { form: g.form, years: d.years, baseYear: '2025/26' },
      population: {
        segments: Array.from({ length: d.segments }, (_, s) => ({
          id: `s${s}`,
          ageFrom: s,
          sex: 'all' as const,
        })),
        neighbourhoods: [{ id: 'n', name: 'N' }],
        practices: g.py.map((row, p) => ({
          id: `p${p}`,
          name: `P${p}`,
          neighbourhood: 'n',
          personYears: row,
          needIndex: g.needIndex,
        })),
        growth: { rate: g.growth },
        unregisteredRate: g.unregisteredRate,
      },
      providers: [
        { id: 'a', name: 'A', kind: 'acute_trust' as const, payment: g.payment, performance: 0.5 },
        { id: 'b', name: 'B', kind: 'gp_federation' as const },
      ],
      serviceLines: g.pppy.map((row, l) => ({
        id: `l${l}`,
        name: `L${l}`,
        category: l === 0 ? ('core_primary_medical' as const) : ('acute_non_elective' as const),
        providers: l % 2 ? [{ provider: 'a', share: 1 }] : [{ provider: 'b', share: 1 }],
        baselinePppy: row,
        ...(g.inScope[l] && !(l === 0 && g.form === 'partially_integrated') ? { inScope: true } : {}),
        ...(g.costIndex === undefined ? {} : { practiceCostIndex: { p0: g.costIndex } }),
      })),
      need,
      ...(need.method === 'none' ? {} : { convergence: { pace: g.pace } }),
      trajectory: {
        costUplift: g.uplift,
        efficiency: g.efficiency,
        nonDemographicGrowth: g.demand,
        ...(g.deficit ? { deficit: g.deficit } : {}),
      },
      outcomes: { withholdRate: g.withhold, measures: [{ id: 'm', name: 'M', weight: 1 }] },
      distribution: g.distribution,
      riskShare: g.riskShare,
    } as ScenarioInput;
  });

const actualArb = fc.record({
  spend: zeroOrWithin(0.01, AMOUNT),
  highCostPatients: fc.array(within(0, PATIENT), { maxLength: 4 }),
  quality: share,
  measureAttainment: fc.record({ m: share }),
  activity: fc.record({ a: within(0, 1e9) }),
  revenue: zeroOrWithin(0.01, AMOUNT),
});

/** Runs `f`; a DomainError is a clear refusal (no budget to settle against, a deficit the budget cannot carry). */
function refusedOr<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof DomainError) return undefined;
    throw e;
  }
}

describe('issue 9 point 6: no result is ever non-finite', () => {
  it('calculate and settle every year, within the bounds and at their extremes', () => {
    fc.assert(
      fc.property(scenarioArb, actualArb, (input, actual) => {
        const scenario = parseScenario(input);
        const calc = refusedOr(() => calculate(scenario, { compareForms: true }));
        if (!calc) return;
        expect(nonFinite(calc)).toEqual([]);
        for (let year = 1; year <= scenario.contract.years; year++) {
          const settled = refusedOr(() => settle(scenario, year, actual));
          if (settled) expect(nonFinite(settled)).toEqual([]);
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 150), seed: Number(process.env.SEED ?? 9_006) },
    );
  });

  it('simulate (fast method), within the bounds and at their extremes', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const scenario = parseScenario(input);
        const result = refusedOr(() => simulate(scenario, { trials: 4, seed: 1, method: 'fast' }));
        if (result) expect(nonFinite(result)).toEqual([]);
      }),
      { numRuns: Number(process.env.RUNS ?? 40), seed: Number(process.env.SEED ?? 9_006) },
    );
  });
});

describe('issue 9 point 6: overflowing numbers are refused with the bound stated', () => {
  const problems = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      if (e instanceof ValidationError) return e.problems;
      throw e;
    }
    throw new Error('expected the input to be rejected');
  };
  // biome-ignore lint/suspicious/noExplicitAny: tests edit a deep clone freely
  const scenarioWith = (fn: (s: any) => void) => {
    const s = structuredClone(tinyScenario());
    fn(s);
    return s;
  };

  it.each([
    [
      'person-years of 1e300',
      // biome-ignore lint/suspicious/noExplicitAny: see above
      (s: any) => {
        s.population.practices[0].personYears[0] = 1e300;
      },
      'population.practices[0].personYears[0]',
      'must be at most 10,000,000 person-years',
    ],
    [
      'a PPPY of 1e308',
      // biome-ignore lint/suspicious/noExplicitAny: see above
      (s: any) => {
        s.serviceLines[1].baselinePppy[1] = 1e308;
      },
      'serviceLines[1].baselinePppy[1]',
      'must be at most 1,000,000 GBP per person per year',
    ],
    [
      'a cost uplift of 1e300 a year',
      // biome-ignore lint/suspicious/noExplicitAny: see above
      (s: any) => {
        s.trajectory = { costUplift: 1e300 };
      },
      'trajectory.costUplift',
      'must be at most 1 (a yearly rate: -0.5 is -50%, 1 is +100%)',
    ],
    [
      'a deficit of 1e300',
      // biome-ignore lint/suspicious/noExplicitAny: see above
      (s: any) => {
        s.trajectory = { deficit: { amount: 1e300, recoveryYears: 2 } };
      },
      'trajectory.deficit.amount',
      'must be at most 1,000,000,000,000 GBP',
    ],
    [
      'a need index of 1e300',
      // biome-ignore lint/suspicious/noExplicitAny: see above
      (s: any) => {
        s.population.practices[1].needIndex = 1e300;
      },
      'population.practices[1].needIndex',
      'must be at most 10 (1 is average)',
    ],
  ])('%s', (_what, edit, field, message) => {
    expect(problems(() => parseScenario(scenarioWith(edit)))).toContainEqual({ field, message });
  });

  it('more registered person-years in all than England has', () => {
    const input = scenarioWith((s) => {
      s.population.practices = Array.from({ length: 8 }, (_, p) => ({
        id: `p${p}`,
        name: `P${p}`,
        neighbourhood: 'n1',
        personYears: [PERSON_YEARS, 0],
        needIndex: 1,
      }));
      s.need = { method: 'none' };
    });
    expect(problems(() => parseScenario(input))).toEqual([
      {
        field: 'population.practices',
        message: `registered person-years add up to 80,000,000, more than the ${TOTAL_PERSON_YEARS.toLocaleString('en-GB')} a scenario may hold`,
      },
    ]);
  });

  it('actual spend of 1e300 at settlement', () => {
    expect(problems(() => parseWith(Actual, { spend: 1e300 }))).toEqual([
      { field: 'spend', message: 'must be at most 1,000,000,000,000 GBP' },
    ]);
  });
});

describe('issue 9 point 6: the documented bounds are the bounds', () => {
  it('docs/scenario-model.md states every limit the schema applies', async () => {
    const { readFileSync } = await import('node:fs');
    const { LIMITS, formatBound } = await import('../../../shared/core/scenario/common.ts');
    const doc = readFileSync(new URL('../../../docs/scenario-model.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Bounds'), doc.indexOf('## Contract form'));
    for (const [name, value] of Object.entries(LIMITS))
      expect(section, `LIMITS.${name} = ${value}`).toContain(formatBound(value));
  });
});
