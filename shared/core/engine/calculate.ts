import { DomainError } from '../base/index.ts';
import type { ContractForm, Scenario } from '../scenario/index.ts';
import type { Step } from '../base/index.ts';
import { rollForwardBaseline } from './baseline.ts';
import { applyDeficit } from './deficit.ts';
import { convergenceAlpha, practiceNeedIndices } from './need.ts';
import { projectPopulation } from './population.ts';
import { providerPayments } from './providers.ts';
import type { BudgetCube, CalculationResult, FormComparison, LineScope, YearResult } from './resultTypes.ts';
import { scopeFor } from './scope.ts';
import { earnedShare, outcomeScore } from './withhold.ts';
import { yearLabel } from './years.ts';

export interface CalculateOptions {
  /** Also compute the contract value of all three contract forms side by side. */
  compareForms?: boolean;
}

const FORMS: ContractForm[] = ['virtual', 'partially_integrated', 'fully_integrated'];

/** Working arrays of one year before the deficit trajectory is applied. */
interface YearWork {
  cube: Float64Array; // [l][n][s], GBP, after need adjustment and convergence
  target: Float64Array; // [n][l], GBP, fully need-based
  lineTotals: number[];
  personYearsBySegment: Float64Array;
  personYearsByNeighbourhood: Float64Array;
  alpha: number;
  historical: number; // all lines, no need adjustment
}

/** The capitation pipeline B1-B8 for every contract year. Money is GBP, unrounded (rounding is a presentation
 *  concern: see shared/money.ts); per-person figures are GBP per person per year. */
export function calculate(scenario: Scenario, options: CalculateOptions = {}): CalculationResult {
  const { population: pop, serviceLines: lines, contract } = scenario;
  const S = pop.segments.length;
  const L = lines.length;
  const N = pop.neighbourhoods.length;
  const neighbourhoodOf = pop.practices.map((p) =>
    pop.neighbourhoods.findIndex((n) => n.id === p.neighbourhood),
  );

  const population = projectPopulation(scenario);
  const baseline = rollForwardBaseline(scenario);
  const need = practiceNeedIndices(scenario, population);
  const scope = scopeFor(lines, contract.form);
  const inScope = scope.map((x) => x.inScope);

  const work: YearWork[] = [];
  for (let y = 0; y <= contract.years; y++) {
    const alpha = convergenceAlpha(scenario, y);
    const py = population.byYear[y]!;
    const b = baseline.byYear[y]!;
    // Person-years per neighbourhood x segment, weighted by the blended need multiplier
    // (alpha x index + 1 - alpha) and by the index alone (for the need target).
    const weighted = new Float64Array(N * S);
    const needWeighted = new Float64Array(N * S);
    const personYearsBySegment = new Float64Array(S);
    const personYearsByNeighbourhood = new Float64Array(N);
    pop.practices.forEach((_, p) => {
      const n = neighbourhoodOf[p]!;
      const index = need[y]![p]!;
      const mix = alpha * index + 1 - alpha;
      for (let s = 0; s < S; s++) {
        const v = py[p * S + s]!;
        weighted[n * S + s]! += v * mix;
        needWeighted[n * S + s]! += v * index;
        personYearsBySegment[s]! += v;
        personYearsByNeighbourhood[n]! += v;
      }
    });
    const cube = new Float64Array(L * N * S);
    const target = new Float64Array(N * L);
    const lineTotals: number[] = [];
    let historical = 0;
    for (let l = 0; l < L; l++) {
      let total = 0;
      for (let n = 0; n < N; n++) {
        let t = 0;
        for (let s = 0; s < S; s++) {
          const cost = b[l * S + s]!;
          const v = weighted[n * S + s]! * cost;
          cube[(l * N + n) * S + s] = v;
          total += v;
          t += needWeighted[n * S + s]! * cost;
        }
        target[n * L + l] = t;
      }
      for (let s = 0; s < S; s++) historical += personYearsBySegment[s]! * b[l * S + s]!;
      lineTotals.push(total);
    }
    work.push({
      cube,
      target,
      lineTotals,
      personYearsBySegment,
      personYearsByNeighbourhood,
      alpha,
      historical,
    });
  }

  const inScopeSpend = work.map((w) => sumWhere(w.lineTotals, inScope));
  const deficitPath = applyDeficit(inScopeSpend, scenario.trajectory.deficit);

  const years = work.map((w, y) =>
    yearResult(scenario, y, w, inScope, inScopeSpend[y]!, deficitPath[y]!, population),
  );
  const result: CalculationResult = {
    scenario: scenario.name,
    form: contract.form,
    currency: 'GBP',
    scope,
    years,
  };
  if (options.compareForms) result.forms = FORMS.map((form) => compareForm(scenario, form, work));
  return result;
}

function sumWhere(values: readonly number[], mask: readonly boolean[]): number {
  let total = 0;
  values.forEach((v, i) => {
    if (mask[i]) total += v;
  });
  return total;
}

function compareForm(scenario: Scenario, form: ContractForm, work: YearWork[]): FormComparison {
  const scope: LineScope[] = scopeFor(scenario.serviceLines, form);
  const mask = scope.map((x) => x.inScope);
  const inScopeLines = scope.filter((x) => x.inScope).map((x) => x.line);
  try {
    const path = applyDeficit(
      work.map((w) => sumWhere(w.lineTotals, mask)),
      scenario.trajectory.deficit,
    );
    return { form, contractValue: path.slice(1).map((d) => d.contractValue), inScopeLines };
  } catch (e) {
    // A deficit sized for the chosen form can exceed a narrower form's whole budget: say so for that form
    // rather than refuse the comparison.
    if (!(e instanceof DomainError)) throw e;
    return { form, contractValue: [], inScopeLines, unavailable: e.message };
  }
}

function yearResult(
  scenario: Scenario,
  y: number,
  w: YearWork,
  inScope: readonly boolean[],
  inScopeSpend: number,
  deficit: { contractValue: number; funded: number; requiredSavings: number },
  population: ReturnType<typeof projectPopulation>,
): YearResult {
  const { population: pop, serviceLines: lines } = scenario;
  const S = pop.segments.length;
  const N = pop.neighbourhoods.length;
  const L = lines.length;
  const contractValue = deficit.contractValue;
  // The deficit trajectory scales every in-scope cell by the same factor so the cube still sums to CV_y.
  const scale = inScopeSpend > 0 ? contractValue / inScopeSpend : 1;
  const values = new Float64Array(w.cube.length);
  for (let l = 0; l < L; l++) {
    const f = inScope[l] ? scale : 1;
    for (let i = l * N * S; i < (l + 1) * N * S; i++) values[i] = w.cube[i]! * f;
  }
  const budget: BudgetCube = {
    lines: lines.map((l) => l.id),
    neighbourhoods: pop.neighbourhoods.map((n) => n.id),
    segments: pop.segments.map((s) => s.id),
    values,
  };

  const personYears = w.personYearsBySegment.reduce((a, v) => a + v, 0);
  const wholePopulationSpend = w.lineTotals.reduce((a, v) => a + v, 0);
  const lineAmounts = w.lineTotals.map((t, l) => (inScope[l] ? t * scale : t));

  const segments = pop.segments.map((seg, s) => {
    let inScopeBudget = 0;
    let all = 0;
    for (let l = 0; l < L; l++)
      for (let n = 0; n < N; n++) {
        const v = values[(l * N + n) * S + s]!;
        all += v;
        if (inScope[l]) inScopeBudget += v;
      }
    const py = w.personYearsBySegment[s]!;
    return {
      segment: seg.id,
      personYears: py,
      pppy: py > 0 ? inScopeBudget / py : 0,
      pppyAllServices: py > 0 ? all / py : 0,
      inScopeBudget,
    };
  });

  const neighbourhoods = pop.neighbourhoods.map((nb, n) => {
    let inScopeBudget = 0;
    let needTarget = 0;
    for (let l = 0; l < L; l++) {
      if (!inScope[l]) continue;
      for (let s = 0; s < S; s++) inScopeBudget += values[(l * N + n) * S + s]!;
      needTarget += w.target[n * L + l]!;
    }
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

  // Provider dimension: each in-scope line's cells split by its provider shares.
  const providerIds = scenario.providers.map((p) => p.id);
  const providerIndex = new Map(providerIds.map((id, k) => [id, k]));
  const providerValues = new Float64Array(providerIds.length * N * S);
  lines.forEach((line, l) => {
    if (!inScope[l]) return;
    for (const { provider, share } of line.providers) {
      const k = providerIndex.get(provider)!;
      for (let i = 0; i < N * S; i++) providerValues[k * N * S + i]! += values[l * N * S + i]! * share;
    }
  });

  const carveOuts = lines.flatMap((line, l) =>
    line.carveOut ? [{ line: line.id, kind: line.carveOut.kind, amount: lineAmounts[l]! }] : [],
  );
  const inScopeLineBudget = lineAmounts.map((a, l) => (inScope[l] ? a : 0));
  const payments = providerPayments(scenario.providers, lines, inScopeLineBudget, contractValue);

  const outcomes = scenario.outcomes;
  const withhold = outcomes
    ? (() => {
        const amount = outcomes.withholdRate * contractValue;
        return {
          rate: outcomes.withholdRate,
          amount,
          fixedPayment: contractValue - amount,
          expectedEarned: amount * earnedShare(outcomes.rule, outcomeScore(outcomes)),
        };
      })()
    : null;

  const outOfScopeSpend = wholePopulationSpend - inScopeSpend;
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
        'sum over segments and lines of PY_s,y x b_s,l,y (baseline PPPY rolled forward, no need adjustment)',
      inputs: { lines: L, segments: S },
      value: w.historical,
      unit: 'GBP',
    },
    {
      figure: 'spend.wholePopulation',
      rule: 'B4',
      formula: 'sum of PY x b x (alpha x need index + 1 - alpha) over all lines',
      inputs: { alpha: w.alpha, needMethod: scenario.need.method },
      value: wholePopulationSpend,
      unit: 'GBP',
    },
    {
      figure: 'spend.inScope',
      rule: 'B5',
      formula: `sum of the lines in scope for a ${scenario.contract.form} contract`,
      inputs: { inScopeLines: inScope.filter(Boolean).length, outOfScope: outOfScopeSpend },
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
    providerBudget: {
      providers: providerIds,
      neighbourhoods: budget.neighbourhoods,
      segments: budget.segments,
      values: providerValues,
    },
    trail,
  };
}
