import type { Step } from '../base/index.ts';
import { DomainError } from '../base/index.ts';
import type { Calculation } from '../engine/index.ts';
import { type Scenario, checkYear } from '../scenario/index.ts';

export interface CellQuery {
  year: number;
  line: string;
  neighbourhood: string;
  segment: string;
}

/** The derivation of one budget cell (line x neighbourhood x segment x year): the sum over the neighbourhood's
 *  practices of person-years x rolled-forward PPPY x blended need multiplier, then the deficit-path scaling.
 *  Every factor is read from the calculation (nothing is derived again), and the last step's value equals the
 *  cell of `calculation.result.years[year].budget`. */
export function explainBudgetCell(scenario: Scenario, calculation: Calculation, q: CellQuery): Step[] {
  const { population: pop, serviceLines } = scenario;
  const l = serviceLines.findIndex((x) => x.id === q.line);
  const n = pop.neighbourhoods.findIndex((x) => x.id === q.neighbourhood);
  const s = pop.segments.findIndex((x) => x.id === q.segment);
  if (l < 0) throw new DomainError('line', `unknown service line "${q.line}"`);
  if (n < 0) throw new DomainError('neighbourhood', `unknown neighbourhood "${q.neighbourhood}"`);
  if (s < 0) throw new DomainError('segment', `unknown segment "${q.segment}"`);
  checkYear(scenario, q.year, 'base_and_contract');

  const S = pop.segments.length;
  const { population, baseline, need, alpha: alphaByYear, deficitScale } = calculation.factors;
  const alpha = alphaByYear[q.year]!;
  const pppy = baseline.byYear[q.year]![l * S + s]!;
  const inScope = calculation.result.scope[l]!.inScope;
  const costIndex = serviceLines[l]!.practiceCostIndex;

  const steps: Step[] = [];
  let beforeDeficit = 0;
  pop.practices.forEach((p, i) => {
    if (p.neighbourhood !== q.neighbourhood) return;
    const py = population.byYear[q.year]![i * S + s]!;
    const index = need[q.year]![i]!;
    // The same multiplier as the engine's (yearWork.ts).
    const h = costIndex === undefined ? undefined : (costIndex[p.id] ?? 1);
    const multiplier = h === undefined ? alpha * index + 1 - alpha : alpha * index + (1 - alpha) * h;
    const value = py * pppy * multiplier;
    beforeDeficit += value;
    steps.push({
      figure: `budget.practice.${p.id}`,
      rule: 'B1, B3, B4, B7',
      formula:
        h === undefined
          ? 'PY x PPPY_y x (alpha x need index + 1 - alpha)'
          : 'PY x PPPY_y x (alpha x need index + (1 - alpha) x practice cost index)',
      inputs: {
        personYears: py,
        pppy,
        baselinePppy: serviceLines[l]!.baselinePppy[s]!,
        rollForward: baseline.factor[q.year]![l]!,
        needIndex: index,
        alpha,
        ...(h === undefined ? {} : { practiceCostIndex: h }),
      },
      value,
      unit: 'GBP',
    });
  });
  const scale = inScope ? deficitScale[q.year]! : 1;
  steps.push({
    figure: `budget.${q.line}.${q.neighbourhood}.${q.segment}`,
    rule: 'B5, B7',
    formula: inScope
      ? 'sum of the practices x (contract value / in-scope spend), the deficit-path scaling'
      : 'sum of the practices (out of scope: no deficit scaling)',
    inputs: { sumOfPractices: beforeDeficit, scale, inScope },
    value: beforeDeficit * scale,
    unit: 'GBP',
  });
  return steps;
}
