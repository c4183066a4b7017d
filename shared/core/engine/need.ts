import type { Scenario } from '../scenario/index.ts';
import type { PopulationProjection } from './population.ts';
import { rateInYear } from './years.ts';

/** Round to 3 decimals as CMS does for risk scores (U7). */
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Need index per practice for every year (B4): byYear[y][p], 1 = the reference the baseline PPPY describe. */
export function practiceNeedIndices(scenario: Scenario, population: PopulationProjection): number[][] {
  const { need } = scenario;
  const practices = scenario.population.practices;
  const years = scenario.contract.years;
  const flat = (values: number[]) => Array.from({ length: years + 1 }, () => values);

  if (need.method === 'none') return flat(practices.map(() => 1));

  if (need.method === 'weighted_capitation') {
    const raw = practices.map((p) => p.needIndex ?? 1);
    if (need.normalise === 'none') return flat(raw);
    // Rescale so the base-year person-year-weighted mean index is 1: need then moves money between practices
    // without changing the PACS total.
    const cells = population.byYear[0]!;
    const S = population.segments;
    const practicePy = raw.map((_, p) => {
      let py = 0;
      for (let s = 0; s < S; s++) py += cells[p * S + s]!;
      return py;
    });
    const total = practicePy.reduce((a, v) => a + v, 0);
    // Weights py / total first: the products py x index of tiny populations would underflow to 0 (mean 0, indices
    // infinite); the weights cannot.
    const mean = total > 0 ? raw.reduce((a, index, p) => a + (practicePy[p]! / total) * index, 0) : 1;
    return flat(raw.map((i) => i / mean));
  }

  // Risk scores: normalise, apply the coding adjustment (both rounded to 3 dp, U7), cap growth against year 0.
  const byPractice = new Map(need.practices.map((p) => [p.practice, p.rawScoreByYear]));
  const result: number[][] = [];
  for (let y = 0; y <= years; y++) {
    result.push(
      practices.map((p) => {
        const scores = byPractice.get(p.id)!;
        const score = (t: number) =>
          round3(round3(scores[t]! / need.normalisationFactor) * (1 - need.codingAdjustment));
        let r = score(y);
        if (need.growthCap && y > 0) {
          const r0 = score(0);
          r = Math.min(r, r0 * (1 + need.growthCap.rate));
          if (need.growthCap.symmetric) r = Math.max(r, r0 * (1 - need.growthCap.rate));
        }
        return r / need.referenceScore;
      }),
    );
  }
  return result;
}

/** Weight alpha_y of the need-based target in the budget (pace of change): base year 0 is historical; with a
 *  need method and no convergence rule the contract moves to target at once. */
export function convergenceAlpha(scenario: Scenario, year: number): number {
  if (year === 0 || scenario.need.method === 'none') return 0;
  const c = scenario.convergence;
  if (!c) return 1;
  if ('pace' in c) return 1 - (1 - c.pace) ** year;
  return Math.min(1, Math.max(0, rateInYear(c.alphaByYear, year)));
}
