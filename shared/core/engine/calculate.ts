import { DomainError } from '../base/index.ts';
import { ContractForm, type Scenario } from '../scenario/index.ts';
import { rollForwardBaseline } from './baseline.ts';
import { applyDeficit } from './deficit.ts';
import type { CalculationFactors } from './factors.ts';
import { convergenceAlpha, practiceNeedIndices } from './need.ts';
import { projectPopulation } from './population.ts';
import type { CalculationResult, FormComparison, LineScope } from './resultTypes.ts';
import { scopeFor } from './scope.ts';
import { deficitScale, yearResult } from './yearResult.ts';
import { type YearWork, yearWork } from './yearWork.ts';

export interface CalculateOptions {
  /** Also compute the contract value of all three contract forms side by side. */
  compareForms?: boolean;
}

/** A calculation and the factors it was built from (for explanations of single figures). */
export interface Calculation {
  result: CalculationResult;
  factors: CalculationFactors;
}

/** The capitation pipeline B1-B8 for every contract year. Money is GBP, unrounded (rounding is a presentation
 *  concern: see shared/core/base/money.ts); per-person figures are GBP per person per year. */
export function calculate(scenario: Scenario, options: CalculateOptions = {}): CalculationResult {
  return calculateWithFactors(scenario, options).result;
}

/** calculate(), keeping the intermediate factors: population, rolled-forward baseline, need, convergence and the
 *  deficit scaling of every year. */
export function calculateWithFactors(scenario: Scenario, options: CalculateOptions = {}): Calculation {
  const { population: pop, serviceLines: lines, contract } = scenario;
  const neighbourhoodOf = pop.practices.map((p) =>
    pop.neighbourhoods.findIndex((n) => n.id === p.neighbourhood),
  );

  // B1, B3-B4: population, baselines and need, then each year's need-adjusted cube.
  const population = projectPopulation(scenario);
  const baseline = rollForwardBaseline(scenario);
  const need = practiceNeedIndices(scenario, population);
  const alpha: number[] = [];
  const work: YearWork[] = [];
  for (let y = 0; y <= contract.years; y++) {
    alpha.push(convergenceAlpha(scenario, y));
    work.push(
      yearWork(scenario, neighbourhoodOf, population.byYear[y]!, baseline.byYear[y]!, need[y]!, alpha[y]!),
    );
  }

  // B5, B7: the contract form's scope, then the deficit path over the in-scope spend.
  const scope = scopeFor(lines, contract.form);
  const inScope = scope.map((x) => x.inScope);
  const inScopeSpend = work.map((w) => sumWhere(w.lineTotals, inScope));
  const deficitPath = applyDeficit(inScopeSpend, scenario.trajectory.deficit);

  // B5-B9 per year.
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
  if (options.compareForms)
    result.forms = ContractForm.options.map((form) => compareForm(scenario, form, work));
  const factors: CalculationFactors = {
    population,
    baseline,
    need,
    alpha,
    deficitScale: years.map((y) => deficitScale(y.inScopeSpend, y.contractValue)),
  };
  return { result, factors };
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
