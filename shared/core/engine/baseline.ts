import type { Scenario } from '../scenario/index.ts';
import { rateInYear } from './years.ts';

/** Baseline GBP per person per year by segment x line, rolled forward (B7):
 *  b_{s,l,y} = b_{s,l,y-1} x (1 + u_{l,y}) x (1 - e_{l,y}) x (1 + d_{l,y}).
 *  Returns byYear[y][l * S + s] and the cumulative factor per line and year (for the explain trail). */
export function rollForwardBaseline(scenario: Scenario): { byYear: Float64Array[]; factor: number[][] } {
  const lines = scenario.serviceLines;
  const S = scenario.population.segments.length;
  const t = scenario.trajectory;
  const base = new Float64Array(lines.length * S);
  lines.forEach((line, l) => {
    for (let s = 0; s < S; s++) base[l * S + s] = line.baselinePppy[s] ?? 0;
  });
  const byYear = [base];
  const cumulative = lines.map(() => 1);
  const factor = [cumulative.slice()];
  for (let y = 1; y <= scenario.contract.years; y++) {
    lines.forEach((line, l) => {
      const u = rateInYear(line.costUplift ?? t.costUplift, y);
      const e = rateInYear(line.efficiency ?? t.efficiency, y);
      const d = rateInYear(line.nonDemographicGrowth ?? t.nonDemographicGrowth, y);
      cumulative[l]! *= (1 + u) * (1 - e) * (1 + d);
    });
    const cells = new Float64Array(lines.length * S);
    for (let l = 0; l < lines.length; l++)
      for (let s = 0; s < S; s++) cells[l * S + s] = base[l * S + s]! * cumulative[l]!;
    byYear.push(cells);
    factor.push(cumulative.slice());
  }
  return { byYear, factor };
}
