import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculate as calculateEngine } from '../../../shared/core/engine/calculate.ts';
import { DomainError } from '../../../shared/core/base/errors.ts';
import type { YearResult } from '../../../shared/core/engine/resultTypes.ts';
import { ServiceCategory } from '../../../shared/core/scenario/services.ts';
import type { ScenarioInput } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';

/** Person-years, PPPY and money are 0 or not vanishingly small (docs/scenario-model.md, "Bounds"). */
const orZeroBelow = (least: number) => (v: number) => (v < least ? 0 : v);

/** Random but valid scenarios: 1-4 neighbourhoods, 1-6 practices, 1-5 segments, 1-6 lines, 1-4 years. */
const scenarioArb: fc.Arbitrary<ScenarioInput> = fc
  .record({
    segments: fc.integer({ min: 1, max: 5 }),
    neighbourhoods: fc.integer({ min: 1, max: 4 }),
    practices: fc.integer({ min: 1, max: 6 }),
    lines: fc.integer({ min: 1, max: 6 }),
    years: fc.integer({ min: 1, max: 4 }),
    form: fc.constantFrom('virtual', 'partially_integrated', 'fully_integrated') as fc.Arbitrary<
      'virtual' | 'partially_integrated' | 'fully_integrated'
    >,
    seed: fc.integer(),
  })
  .chain((d) =>
    fc.record({
      py: fc.array(
        fc.array(fc.double({ min: 0, max: 5000, noNaN: true }).map(orZeroBelow(0.001)), {
          minLength: d.segments,
          maxLength: d.segments,
        }),
        {
          minLength: d.practices,
          maxLength: d.practices,
        },
      ),
      pppy: fc.array(
        fc.array(fc.double({ min: 0, max: 3000, noNaN: true }).map(orZeroBelow(0.0001)), {
          minLength: d.segments,
          maxLength: d.segments,
        }),
        {
          minLength: d.lines,
          maxLength: d.lines,
        },
      ),
      categories: fc.array(fc.constantFrom(...ServiceCategory.options), {
        minLength: d.lines,
        maxLength: d.lines,
      }),
      carve: fc.array(fc.boolean(), { minLength: d.lines, maxLength: d.lines }),
      needIndex: fc.array(fc.double({ min: 0.6, max: 1.6, noNaN: true }), {
        minLength: d.practices,
        maxLength: d.practices,
      }),
      growth: fc.double({ min: -0.02, max: 0.05, noNaN: true }),
      uplift: fc.double({ min: 0, max: 0.08, noNaN: true }),
      pace: fc.double({ min: 0, max: 1, noNaN: true }),
      deficit: fc.option(fc.double({ min: 0, max: 100_000, noNaN: true }).map(orZeroBelow(0.01)), {
        nil: undefined,
      }),
      withhold: fc.double({ min: 0, max: 0.2, noNaN: true }),
      d: fc.constant(d),
    }),
  )
  .map(({ d, py, pppy, categories, carve, needIndex, growth, uplift, pace, deficit, withhold }) => ({
    schemaVersion: 1,
    name: 'random',
    contract: { form: d.form, years: d.years, baseYear: '2025/26' },
    population: {
      segments: Array.from({ length: d.segments }, (_, s) => ({
        id: `s${s}`,
        ageFrom: s * 10,
        sex: 'all' as const,
      })),
      neighbourhoods: Array.from({ length: d.neighbourhoods }, (_, n) => ({ id: `n${n}`, name: `N${n}` })),
      practices: py.map((row, p) => ({
        id: `p${p}`,
        name: `P${p}`,
        neighbourhood: `n${p % d.neighbourhoods}`,
        personYears: row,
        needIndex: needIndex[p]!,
      })),
      growth: { rate: growth },
    },
    providers: [
      { id: 'a', name: 'A', kind: 'acute_trust' as const },
      {
        id: 'b',
        name: 'B',
        kind: 'gp_federation' as const,
        payment: { type: 'block_share' as const, share: 0.1 },
      },
    ],
    serviceLines: pppy.map((row, l) => ({
      id: `l${l}`,
      name: `L${l}`,
      category: categories[l]!,
      providers:
        l % 2
          ? [{ provider: 'a', share: 1 }]
          : [
              { provider: 'a', share: 0.5 },
              { provider: 'b', share: 0.5 },
            ],
      baselinePppy: row,
      ...(carve[l] ? { carveOut: { kind: 'other' as const } } : {}),
    })),
    need: { method: 'weighted_capitation' as const, normalise: 'population' as const },
    convergence: { pace },
    trajectory: {
      costUplift: uplift,
      ...(deficit === undefined ? {} : { deficit: { amount: deficit, recoveryYears: 2 } }),
    },
    outcomes: { withholdRate: withhold, measures: [{ id: 'm', name: 'M', weight: 1 }] },
  }));

/** Deficits at least as large as the whole base-year budget are refused by design: skip those draws. */
function calculate(...args: Parameters<typeof calculateEngine>) {
  try {
    return calculateEngine(...args);
  } catch (e) {
    fc.pre(!(e instanceof DomainError && e.field === 'trajectory.deficit.amount'));
    throw e;
  }
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

function cubeSums(y: YearResult, inScope: boolean[]): { inScope: number; outOfScope: number } {
  const { lines, neighbourhoods, segments, values } = y.budget;
  const block = neighbourhoods.length * segments.length;
  let a = 0;
  let b = 0;
  lines.forEach((_, l) => {
    for (let i = l * block; i < (l + 1) * block; i++) {
      if (inScope[l]) a += values[i]!;
      else b += values[i]!;
    }
  });
  return { inScope: a, outOfScope: b };
}

describe('calculate: properties over random scenarios', () => {
  it('parts sum to totals at every level, every year', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const r = calculate(parseScenario(input));
        const mask = r.scope.map((s) => s.inScope);
        for (const y of r.years) {
          const cube = cubeSums(y, mask);
          const sum = (xs: number[]) => xs.reduce((a, v) => a + v, 0);
          expect(close(cube.inScope, y.contractValue)).toBe(true);
          expect(close(cube.outOfScope, y.outOfScopeSpend)).toBe(true);
          expect(close(y.inScopeSpend + y.outOfScopeSpend, y.wholePopulationSpend)).toBe(true);
          expect(close(sum(y.segments.map((s) => s.inScopeBudget)), y.contractValue)).toBe(true);
          expect(close(sum(y.neighbourhoods.map((n) => n.inScopeBudget)), y.contractValue)).toBe(true);
          expect(close(sum(y.lines.filter((l) => l.inScope).map((l) => l.amount)), y.contractValue)).toBe(
            true,
          );
          expect(
            close(sum(y.providers.map((p) => p.plannedPayment)) + y.unallocatedPayment, y.contractValue),
          ).toBe(true);
          expect(close(sum(y.segments.map((s) => s.personYears)), y.personYears)).toBe(true);
          expect(close(sum(y.neighbourhoods.map((n) => n.personYears)), y.personYears)).toBe(true);
          expect(
            close(
              sum(y.carveOuts.map((c) => c.amount)),
              sum(y.lines.filter((l, i) => r.scope[i]!.reason === 'carved_out').map((l) => l.amount)),
            ),
          ).toBe(true);
          if (y.withhold)
            expect(close(y.withhold.fixedPayment + y.withhold.amount, y.contractValue)).toBe(true);
          // Provider x neighbourhood x segment cube: each provider's cells sum to its sub-contract value.
          const block = y.providerBudget.neighbourhoods.length * y.providerBudget.segments.length;
          y.providers.forEach((p, k) => {
            const cells = y.providerBudget.values.slice(k * block, (k + 1) * block);
            expect(close(sum(Array.from(cells)), p.subContractValue)).toBe(true);
          });
          expect(close(sum(Array.from(y.providerBudget.values)), y.contractValue)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('fully integrated scope contains partially integrated scope, and its budget is never smaller', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const r = calculate(parseScenario(input), { compareForms: true });
        const partial = r.forms!.find((f) => f.form === 'partially_integrated')!;
        const full = r.forms!.find((f) => f.form === 'fully_integrated')!;
        for (const line of partial.inScopeLines) expect(full.inScopeLines).toContain(line);
        partial.contractValue.forEach((v, i) =>
          expect(full.contractValue[i]! >= v - 1e-6 * Math.max(1, v)).toBe(true),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the same scenario gives identical numbers', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const a = calculate(parseScenario(input));
        const b = calculate(parseScenario(structuredClone(input)));
        expect(Array.from(a.years.at(-1)!.budget.values)).toEqual(Array.from(b.years.at(-1)!.budget.values));
      }),
      { numRuns: 30 },
    );
  });
});
