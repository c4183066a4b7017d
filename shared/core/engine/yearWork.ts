import type { Scenario } from '../scenario/index.ts';

/** One year's budget before the deficit trajectory: need-adjusted cube, need target and totals (B3, B4). */
export interface YearWork {
  cube: Float64Array; // [l][n][s], GBP, after need adjustment and convergence
  target: Float64Array; // [n][l], GBP, fully need-based
  lineTotals: number[];
  personYearsBySegment: Float64Array;
  personYearsByNeighbourhood: Float64Array;
  alpha: number;
  historical: number; // all lines, no need adjustment
}

/** Builds year y's cube: person-years per neighbourhood x segment weighted by the blended need multiplier
 *  (alpha x index + 1 - alpha), times the rolled-forward PPPY of each line; and the fully need-based target. */
export function yearWork(
  scenario: Scenario,
  neighbourhoodOf: readonly number[],
  personYears: Float64Array,
  pppy: Float64Array,
  needIndex: readonly number[],
  alpha: number,
): YearWork {
  const { population: pop, serviceLines: lines } = scenario;
  const S = pop.segments.length;
  const L = lines.length;
  const N = pop.neighbourhoods.length;
  // Person-years per neighbourhood x segment, weighted by the blended need multiplier and by the index alone.
  const weighted = new Float64Array(N * S);
  const needWeighted = new Float64Array(N * S);
  const personYearsBySegment = new Float64Array(S);
  const personYearsByNeighbourhood = new Float64Array(N);
  pop.practices.forEach((_, p) => {
    const n = neighbourhoodOf[p]!;
    const index = needIndex[p]!;
    const mix = alpha * index + 1 - alpha;
    for (let s = 0; s < S; s++) {
      const v = personYears[p * S + s]!;
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
        const cost = pppy[l * S + s]!;
        const v = weighted[n * S + s]! * cost;
        cube[(l * N + n) * S + s] = v;
        total += v;
        t += needWeighted[n * S + s]! * cost;
      }
      target[n * L + l] = t;
    }
    for (let s = 0; s < S; s++) historical += personYearsBySegment[s]! * pppy[l * S + s]!;
    lineTotals.push(total);
  }
  return { cube, target, lineTotals, personYearsBySegment, personYearsByNeighbourhood, alpha, historical };
}
