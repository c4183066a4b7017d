import type { Step } from '../base/index.ts';
import type { Outcomes, Scenario } from '../scenario/index.ts';
import type { PopulationProjection } from './population.ts';
import { providerPayments } from './providers.ts';
import type { BudgetCube, YearResult } from './resultTypes.ts';
import { outcomeScore, withholdFor } from './withhold.ts';
import type { YearWork } from './yearWork.ts';
import { yearLabel } from './years.ts';

/* Year y's result from its work arrays and its point on the deficit path, in named steps (B5-B9). Each step is a
 * pure function of what the steps before it produced. */

interface DeficitPoint {
  contractValue: number;
  funded: number;
  requiredSavings: number;
}

/** B7: the deficit trajectory scales every in-scope cell by one factor so the cube still sums to CV_y. */
export function deficitScale(inScopeSpend: number, contractValue: number): number {
  return inScopeSpend > 0 ? contractValue / inScopeSpend : 1;
}

/** The year's cubes and the sums read from them, in one pass over line x neighbourhood x segment (B5, B7, B9):
 *  each cell = the line's weighted person-years x PPPY (the need-adjusted cell, yearWork.ts), scaled by the deficit factor
 *  on in-scope lines, written once; in the same pass, each in-scope line's cells split by its provider shares
 *  (B9), and the segment and neighbourhood totals. Every total adds its cells in the order a separate loop over
 *  the finished cube would (segment s: by line, then neighbourhood; neighbourhood n: by line, then segment;
 *  provider cells: by line, then the line's provider list), so the figures are the same to the last bit. */
function budgetPass(scenario: Scenario, w: YearWork, inScope: readonly boolean[], scale: number) {
  const { population: pop, serviceLines: lines, providers } = scenario;
  const S = pop.segments.length;
  const N = pop.neighbourhoods.length;
  const L = lines.length;
  const NS = N * S;
  const values = new Float64Array(L * NS);
  const providerValues = new Float64Array(providers.length * NS);
  const segmentIn = new Float64Array(S);
  const segmentAll = new Float64Array(S);
  const neighbourhoodIn = new Float64Array(N);
  const providerIndex = new Map(providers.map((p, k) => [p.id, k]));
  const pppy = w.pppy;
  for (let l = 0; l < L; l++) {
    const weighted = w.lineWeighted[l]!;
    const f = inScope[l] ? scale : 1;
    const line = l * S;
    if (!inScope[l]) {
      for (let n = 0; n < N; n++) {
        const cell = n * S;
        const out = l * NS + cell;
        for (let s = 0; s < S; s++) {
          const v = weighted[cell + s]! * pppy[line + s]! * f;
          values[out + s] = v;
          segmentAll[s]! += v;
        }
      }
      continue;
    }
    const split = lines[l]!.providers;
    const offsets = split.map((x) => providerIndex.get(x.provider)! * NS);
    const shares = split.map((x) => x.share);
    const one = split.length === 1;
    const o0 = offsets[0] ?? 0;
    const share0 = shares[0] ?? 0;
    for (let n = 0; n < N; n++) {
      const cell = n * S;
      const out = l * NS + cell;
      let nb = neighbourhoodIn[n]!;
      for (let s = 0; s < S; s++) {
        const v = weighted[cell + s]! * pppy[line + s]! * f;
        values[out + s] = v;
        segmentAll[s]! += v;
        segmentIn[s]! += v;
        nb += v;
        if (one) providerValues[o0 + cell + s]! += v * share0;
        else
          for (let k = 0; k < offsets.length; k++) providerValues[offsets[k]! + cell + s]! += v * shares[k]!;
      }
      neighbourhoodIn[n] = nb;
    }
  }
  const budget: BudgetCube = {
    lines: lines.map((l) => l.id),
    neighbourhoods: pop.neighbourhoods.map((n) => n.id),
    segments: pop.segments.map((s) => s.id),
    values,
  };
  const providerBudget: YearResult['providerBudget'] = {
    providers: providers.map((p) => p.id),
    neighbourhoods: budget.neighbourhoods,
    segments: budget.segments,
    values: providerValues,
  };
  return { budget, providerBudget, segmentIn, segmentAll, neighbourhoodIn };
}

/** PPPY by segment: in-scope budget and all services over the segment's person-years. */
function segmentSummaries(
  scenario: Scenario,
  w: YearWork,
  segmentIn: Float64Array,
  segmentAll: Float64Array,
): YearResult['segments'] {
  return scenario.population.segments.map((seg, s) => {
    const inScopeBudget = segmentIn[s]!;
    const py = w.personYearsBySegment[s]!;
    return {
      segment: seg.id,
      personYears: py,
      pppy: py > 0 ? inScopeBudget / py : 0,
      pppyAllServices: py > 0 ? segmentAll[s]! / py : 0,
      inScopeBudget,
    };
  });
}

/** Each neighbourhood's in-scope budget against its fully need-based target (B4 convergence). */
function neighbourhoodSummaries(
  scenario: Scenario,
  w: YearWork,
  neighbourhoodIn: Float64Array,
  inScope: readonly boolean[],
): YearResult['neighbourhoods'] {
  const L = scenario.serviceLines.length;
  return scenario.population.neighbourhoods.map((nb, n) => {
    const inScopeBudget = neighbourhoodIn[n]!;
    let needTarget = 0;
    for (let l = 0; l < L; l++) if (inScope[l]) needTarget += w.target[n * L + l]!;
    const py = w.personYearsByNeighbourhood[n]!;
    return {
      neighbourhood: nb.id,
      personYears: py,
      inScopeBudget,
      pppy: py > 0 ? inScopeBudget / py : 0,
      needTarget,
      distanceFromTarget: needTarget > 0 ? (inScopeBudget - needTarget) / needTarget : 0,
    };
  });
}

/** B8: the planned withhold of the year at the expected outcome score. */
function plannedWithhold(outcomes: Outcomes | undefined, contractValue: number): YearResult['withhold'] {
  if (!outcomes) return null;
  const w = withholdFor(outcomes, contractValue, outcomeScore(outcomes));
  return {
    rate: outcomes.withholdRate,
    amount: w.withheld,
    fixedPayment: contractValue - w.withheld,
    expectedEarned: w.earned,
  };
}

interface TrailInputs {
  y: number;
  w: YearWork;
  population: PopulationProjection;
  personYears: number;
  wholePopulationSpend: number;
  inScopeSpend: number;
  outOfScopeSpend: number;
  inScopeLines: number;
  deficit: DeficitPoint;
  withhold: YearResult['withhold'];
}

/** The explanation trail of the year's headline figures. */
function yearTrail(scenario: Scenario, t: TrailInputs): Step[] {
  const { y, w, population, personYears, inScopeSpend, deficit, withhold } = t;
  const contractValue = deficit.contractValue;
  const trail: Step[] = [
    {
      figure: 'population.personYears',
      rule: 'B1',
      formula: 'N = registered x (1 + unregistered rate) - exclusions, grown by segment growth rates',
      inputs: {
        registered: population.registered[y]!,
        unregistered: population.unregistered[y]!,
        excluded: population.excluded[y]!,
      },
      value: personYears,
      unit: 'person_years',
    },
    {
      figure: 'spend.historical',
      rule: 'B3, B7',
      formula:
        "sum over segments and lines of PY_s,y x b_s,l,y (baseline PPPY rolled forward, no need adjustment; x each practice's cost index on lines that have them)",
      inputs: { lines: scenario.serviceLines.length, segments: scenario.population.segments.length },
      value: w.historical,
      unit: 'GBP',
    },
    {
      figure: 'spend.wholePopulation',
      rule: 'B4',
      formula: 'sum of PY x b x (alpha x need index + 1 - alpha) over all lines',
      inputs: { alpha: w.alpha, needMethod: scenario.need.method },
      value: t.wholePopulationSpend,
      unit: 'GBP',
    },
    {
      figure: 'spend.inScope',
      rule: 'B5',
      formula: `sum of the lines in scope for a ${scenario.contract.form} contract`,
      inputs: { inScopeLines: t.inScopeLines, outOfScope: t.outOfScopeSpend },
      value: inScopeSpend,
      unit: 'GBP',
    },
    {
      figure: 'budget.contractValue',
      rule: 'B7',
      formula: scenario.trajectory.deficit
        ? 'CV_y = A_y + D_0 x phi_y (affordable allocation plus the deficit still funded)'
        : 'CV_y = in-scope spend',
      inputs: { inScopeSpend, deficitFunded: deficit.funded, requiredSavings: deficit.requiredSavings },
      value: contractValue,
      unit: 'GBP',
    },
    {
      figure: 'budget.pppy',
      rule: 'B7',
      formula: 'CV_y / person-years',
      inputs: { contractValue, personYears },
      value: personYears > 0 ? contractValue / personYears : 0,
      unit: 'GBP_PPPY',
    },
  ];
  if (withhold)
    trail.push({
      figure: 'withhold.amount',
      rule: 'B8',
      formula: 'W_y = withhold rate x CV_y',
      inputs: { rate: withhold.rate, contractValue },
      value: withhold.amount,
      unit: 'GBP',
    });
  return trail;
}

export function yearResult(
  scenario: Scenario,
  y: number,
  w: YearWork,
  inScope: readonly boolean[],
  inScopeSpend: number,
  deficit: DeficitPoint,
  population: PopulationProjection,
): YearResult {
  const lines = scenario.serviceLines;
  const contractValue = deficit.contractValue;
  const scale = deficitScale(inScopeSpend, contractValue);
  const { budget, providerBudget, segmentIn, segmentAll, neighbourhoodIn } = budgetPass(
    scenario,
    w,
    inScope,
    scale,
  );
  const personYears = w.personYearsBySegment.reduce((a, v) => a + v, 0);
  const wholePopulationSpend = w.lineTotals.reduce((a, v) => a + v, 0);
  const lineAmounts = w.lineTotals.map((t, l) => (inScope[l] ? t * scale : t));
  const segments = segmentSummaries(scenario, w, segmentIn, segmentAll);
  const neighbourhoods = neighbourhoodSummaries(scenario, w, neighbourhoodIn, inScope);
  const carveOuts = lines.flatMap((line, l) =>
    line.carveOut ? [{ line: line.id, kind: line.carveOut.kind, amount: lineAmounts[l]! }] : [],
  );
  const inScopeLineBudget = lineAmounts.map((a, l) => (inScope[l] ? a : 0));
  const payments = providerPayments(scenario.providers, lines, inScopeLineBudget, contractValue);
  const withhold = plannedWithhold(scenario.outcomes, contractValue);
  const outOfScopeSpend = wholePopulationSpend - inScopeSpend;
  const trail = yearTrail(scenario, {
    y,
    w,
    population,
    personYears,
    wholePopulationSpend,
    inScopeSpend,
    outOfScopeSpend,
    inScopeLines: inScope.filter(Boolean).length,
    deficit,
    withhold,
  });

  return {
    year: y,
    label: yearLabel(scenario.contract.baseYear, y),
    personYears,
    registeredPersonYears: population.registered[y]!,
    unregisteredPersonYears: population.unregistered[y]!,
    excludedPersonYears: population.excluded[y]!,
    wholePopulationSpend,
    inScopeSpend,
    outOfScopeSpend,
    carveOuts,
    contractValue,
    pppy: personYears > 0 ? contractValue / personYears : 0,
    shadow: scenario.contract.form === 'virtual',
    unallocatedPayment: payments.unallocated,
    deficit: scenario.trajectory.deficit
      ? { funded: deficit.funded, requiredSavings: deficit.requiredSavings }
      : null,
    withhold,
    segments,
    neighbourhoods,
    providers: payments.providers,
    lines: lines.map((line, l) => ({ line: line.id, inScope: inScope[l]!, amount: lineAmounts[l]! })),
    budget,
    providerBudget,
    trail,
  };
}
