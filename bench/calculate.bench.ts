import { calculate } from '../shared/core/engine/index.ts';
import { parseScenario } from '../shared/core/scenario/index.ts';
import { buildIcbScaleScenario } from './icbScenario.ts';
import { mb, medianMs } from './timing.ts';

/** Baseline: the irreducible arithmetic of the budget, one multiply-add per practice x segment x line x year,
 *  with no need adjustment, scope, trajectory or breakdowns. The ratio says what the full pipeline costs
 *  relative to touching every number once. */
function naiveTotal(py: number[][], pppy: number[][], years: number): number {
  let total = 0;
  for (let y = 0; y <= years; y++)
    for (const practice of py)
      for (const line of pppy) for (let s = 0; s < line.length; s++) total += practice[s]! * line[s]!;
  return total;
}

export function benchCalculate(): Record<string, number | string> {
  const scenario = parseScenario(buildIcbScaleScenario());
  const people = scenario.population.practices.reduce(
    (a, p) => a + p.personYears.reduce((x, v) => x + v, 0),
    0,
  );
  const py = scenario.population.practices.map((p) => p.personYears);
  const pppy = scenario.serviceLines.map((l) => l.baselinePppy);
  const baselineMs = medianMs(() => naiveTotal(py, pppy, scenario.contract.years), 30, 10);
  const calcMs = medianMs(() => calculate(scenario), 30, 10);
  const formsMs = medianMs(() => calculate(scenario, { compareForms: true }), 15, 5);
  const cubeBytes = calculate(scenario).years.reduce((a, y) => a + y.budget.values.byteLength, 0);
  return {
    scenario: `${Math.round(people).toLocaleString('en-GB')} people, ${scenario.population.practices.length} practices, ${scenario.population.segments.length} segments, ${scenario.serviceLines.length} lines, ${scenario.contract.years} years`,
    'calculate median ms (goal < 200)': round(calcMs),
    'calculate with 3 forms median ms': round(formsMs),
    'baseline (one multiply-add per number) ms': round(baselineMs),
    'ratio calculate / baseline': round(calcMs / baselineMs),
    'budget cubes in the result MB': mb(cubeBytes),
    'peak RSS MB (goal < 300)': mb(process.resourceUsage().maxRSS * 1024),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
