import { describe, expect, it } from 'vitest';
import { calculate } from '../../../shared/core/engine/calculate.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

const calc = (overrides = {}) => calculate(parseScenario(tinyScenario(overrides)), { compareForms: true });
const near = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 6);

describe('calculate: hand-worked pipeline on the tiny scenario (figures derived in tinyScenario.ts)', () => {
  it('base year: whole-population, in-scope and out-of-scope spend by contract form (B5)', () => {
    const r = calc();
    const y0 = r.years[0]!;
    near(y0.wholePopulationSpend, 4_600_000); // 700,000 + 3,600,000 + 300,000
    near(y0.inScopeSpend, 4_300_000); // fully integrated: gp + acute; specialised out by default
    near(y0.outOfScopeSpend, 300_000);
    near(y0.personYears, 5_000);
    near(y0.pppy, 4_300_000 / 5_000); // 860.00 GBP per person per year
    const [virtual, partial, full] = r.forms!;
    expect(partial!.inScopeLines).toEqual(['acute']); // partially integrated excludes core primary medical care
    expect(full!.inScopeLines).toEqual(['gp', 'acute']);
    expect(virtual!.inScopeLines).toEqual(['gp', 'acute']); // shadow budget over the whole-population scope
  });

  it('rolls forward with growth, uplift, efficiency and demand (B1, B7)', () => {
    const r = calc({
      trajectory: { costUplift: 0.05, efficiency: 0.02, nonDemographicGrowth: 0.01 },
    });
    // Each contract year multiplies PY by 1 (no growth set) and PPPY by 1.05 x (1 - 0.02) x 1.01 = 1.03929.
    near(r.years[1]!.contractValue, 4_300_000 * 1.03929);
    near(r.years[2]!.contractValue, 4_300_000 * 1.03929 ** 2);
    expect(r.years[2]!.label).toBe('2027/28');
  });

  it('grows person-years, adds unregistered residents, removes exclusions (B1)', () => {
    const r = calc({
      population: {
        ...tinyScenario().population,
        growth: { rate: 0.01 },
        unregisteredRate: 0.05,
        exclusions: [{ reason: 'out of area', practice: 'pB', segment: 'over65', personYears: 100 }],
      },
    });
    // Base: 5,000 x 1.05 - 100 = 5,150; year 2: x 1.01^2.
    near(r.years[0]!.personYears, 5_150);
    near(r.years[2]!.personYears, 5_150 * 1.01 ** 2);
    near(r.years[0]!.unregisteredPersonYears, 250);
    near(r.years[0]!.excludedPersonYears, 100);
    // In-scope spend: the excluded 100 over-65s of pB cost 300 + 2,000 each in scope.
    near(r.years[0]!.inScopeSpend, 4_300_000 * 1.05 - 100 * 2_300);
  });

  it('weighted capitation moves the budget to need; normalisation keeps person-years weighted mean 1 (B4)', () => {
    const need = { method: 'weighted_capitation', normalise: 'none' } as const;
    const r = calc({ need });
    // Year 1 target: 960,000 x 1.2 + 3,340,000 x 0.9 = 1,152,000 + 3,006,000 = 4,158,000 (no convergence: alpha 1)
    near(r.years[1]!.contractValue, 4_158_000);
    near(r.years[0]!.contractValue, 4_300_000); // base year stays historical
    const n1 = r.years[1]!.neighbourhoods[0]!;
    near(n1.inScopeBudget, 1_152_000);
    near(n1.needTarget, 1_152_000);
    near(r.years[0]!.neighbourhoods[0]!.distanceFromTarget, (960_000 - 1_152_000) / 1_152_000);

    const normalised = calc({ need: { method: 'weighted_capitation', normalise: 'population' } });
    // PY-weighted mean index = (1,200 x 1.2 + 3,800 x 0.9) / 5,000 = 0.972
    near(normalised.years[1]!.contractValue, 960_000 * (1.2 / 0.972) + 3_340_000 * (0.9 / 0.972));
  });

  it('converges at pace k: alpha_y = 1 - (1 - k)^y (B4, B7)', () => {
    const r = calc({ need: { method: 'weighted_capitation' }, convergence: { pace: 0.5 } });
    near(r.years[1]!.contractValue, 0.5 * 4_158_000 + 0.5 * 4_300_000);
    near(r.years[2]!.contractValue, 0.75 * 4_158_000 + 0.25 * 4_300_000);
  });

  it('funds an existing deficit on a linear recovery path (B7)', () => {
    const r = calc({
      trajectory: { costUplift: 0.1, deficit: { amount: 300_000, recoveryYears: 2 } },
    });
    // S_y = 4,300,000 x 1.1^y; A_y = (4,300,000 - 300,000) x 1.1^y; CV_y = A_y + 300,000 x (1 - y/2)
    near(r.years[1]!.contractValue, 4_000_000 * 1.1 + 150_000);
    near(r.years[2]!.contractValue, 4_000_000 * 1.21);
    near(r.years[1]!.deficit!.requiredSavings, 4_300_000 * 1.1 - (4_000_000 * 1.1 + 150_000));
    near(r.years[0]!.contractValue, 4_300_000); // base year: run-rate spend, deficit fully funded
  });

  it("compares forms even when the deficit exceeds a narrower form's whole budget", () => {
    // Fully integrated base spend 4,300,000; partially integrated 3,600,000 (no GP); deficit 3,800,000 fits only
    // the first.
    const r = calc({ trajectory: { deficit: { amount: 3_800_000, recoveryYears: 2 } } });
    const partial = r.forms!.find((f) => f.form === 'partially_integrated')!;
    expect(partial.contractValue).toEqual([]);
    expect(partial.unavailable).toMatch(/deficit of 3800000 GBP is not below the base-year in-scope spend/);
    near(r.forms!.find((f) => f.form === 'fully_integrated')!.contractValue[0]!, 500_000 + 1_900_000);
  });

  it('withholds for outcomes and expects the weighted score to be earned (B8)', () => {
    const r = calc({
      outcomes: {
        withholdRate: 0.1,
        measures: [
          { id: 'm1', name: 'Emergency admissions', weight: 0.6, expectedAttainment: 1 },
          { id: 'm2', name: 'Patient experience', weight: 0.4, expectedAttainment: 0.5 },
        ],
      },
    });
    const w = r.years[1]!.withhold!;
    near(w.amount, 430_000);
    near(w.fixedPayment, 3_870_000);
    near(w.expectedEarned, 430_000 * (0.6 * 1 + 0.4 * 0.5));
  });

  it('pays members by sub-contract value, block share first (B9)', () => {
    const r = calc();
    const [fed, trust] = r.years[1]!.providers;
    near(fed!.plannedPayment, 700_000);
    near(trust!.plannedPayment, 3_600_000);
    // Provider cube: the federation's over-65s in North (practice A) = 200 x 300 (core GP) = 60,000;
    // the trust's = 200 x 2,000 (acute) = 400,000 (specialised is out of scope).
    const pb = r.years[1]!.providerBudget;
    const cell = (k: number, n: number, s: number) =>
      pb.values[(k * pb.neighbourhoods.length + n) * pb.segments.length + s]!;
    near(cell(0, 0, 1), 60_000);
    near(cell(1, 0, 1), 400_000);
    const block = calc({
      providers: [
        {
          id: 'fed',
          name: 'GP Federation',
          kind: 'gp_federation',
          payment: { type: 'block_share', share: 0.2 },
        },
        { id: 'trust', name: 'Acute Trust', kind: 'acute_trust' },
      ],
    });
    near(block.years[1]!.providers[0]!.plannedPayment, 0.2 * 4_300_000);
    near(block.years[1]!.providers[1]!.plannedPayment, 0.8 * 4_300_000);
  });

  it('partially integrated budget excludes core primary medical care', () => {
    const r = calc({ contract: { form: 'partially_integrated', years: 2, baseYear: '2025/26' } });
    near(r.years[1]!.contractValue, 3_600_000);
    expect(r.scope.find((s) => s.line === 'gp')).toMatchObject({
      inScope: false,
      reason: 'excluded_by_form',
    });
  });

  it('carve-outs leave the budget and are reported (B6)', () => {
    const base = tinyScenario();
    const lines = base.serviceLines.map((l) =>
      l.id === 'acute' ? { ...l, carveOut: { kind: 'high_cost_low_frequency' as const } } : l,
    );
    const r = calc({ serviceLines: lines });
    near(r.years[1]!.contractValue, 700_000);
    expect(r.years[1]!.carveOuts).toEqual([
      { line: 'acute', kind: 'high_cost_low_frequency', amount: 3_600_000 },
    ]);
  });
});

describe('practice cost index: a line starts from each practice history and converges to need (B4)', () => {
  // gp's practice cost indices: pA 1.5, pB 0.5. gp at segment PPPY: pA 100x1000 + 300x200 = 160,000;
  // pB 100x3000 + 300x800 = 540,000. History: pA 1.5 x 160,000 = 240,000; pB 0.5 x 540,000 = 270,000.
  const gpWithHistory = (s = tinyScenario()) =>
    s.serviceLines.map((l) => (l.id === 'gp' ? { ...l, practiceCostIndex: { pA: 1.5, pB: 0.5 } } : l));

  it('base year and no need method: each practice history, the other lines unchanged', () => {
    const r = calc({ serviceLines: gpWithHistory() });
    const y0 = r.years[0]!;
    near(y0.lines[0]!.amount, 240_000 + 270_000);
    near(y0.lines[1]!.amount, 3_600_000); // acute has no indices
    // n1 is pA alone: gp history 240,000 + acute 1000 x 400 + 200 x 2000.
    near(y0.neighbourhoods[0]!.inScopeBudget, 240_000 + 1000 * 400 + 200 * 2000);
    // Historical spend counts the history too: 510,000 + 3,600,000 + 300,000.
    near(y0.trail.find((t) => t.figure === 'spend.historical')!.value, 4_410_000);
  });

  it('half-way convergence blends history and need: alpha x need + (1 - alpha) x cost index', () => {
    const r = calc({
      serviceLines: gpWithHistory(),
      need: { method: 'weighted_capitation', normalise: 'none' },
      convergence: { alphaByYear: 0.5 },
    });
    // Year 1 gp: pA 160,000 x (0.5 x 1.2 + 0.5 x 1.5) = 216,000; pB 540,000 x (0.5 x 0.9 + 0.5 x 0.5) = 378,000.
    near(r.years[1]!.lines[0]!.amount, 216_000 + 378_000);
    // acute keeps the segment-average history: pA 800,000 x (0.6 + 0.5) + pB 2,800,000 x (0.45 + 0.5).
    near(r.years[1]!.lines[1]!.amount, 800_000 * 1.1 + 2_800_000 * 0.95);
  });

  it('rejects an index for a practice the scenario does not have', () => {
    const s = tinyScenario();
    const lines = s.serviceLines.map((l) => (l.id === 'gp' ? { ...l, practiceCostIndex: { pZ: 1.1 } } : l));
    expect(() => parseScenario({ ...s, serviceLines: lines })).toThrow(
      /serviceLines\.0\.practiceCostIndex\.pZ: unknown practice "pZ"|serviceLines\[0\]\.practiceCostIndex\.pZ: unknown practice "pZ"/,
    );
  });
});
