import type { Scenario } from '../scenario/index.ts';

/** One year's budget before the deficit trajectory (B3, B4). The need-adjusted cube is
 *  cell(l, n, s) = lineWeighted[l][n * S + s] x pppy[l * S + s]; it is not stored here: yearResult writes each cell
 *  once, already scaled, so a year touches the cube once for its totals and once for its result. */
export interface YearWork {
  /** Person-years per neighbourhood x segment weighted by each line's blended need multiplier, by line (lines
   *  without practice cost indices share one array). */
  lineWeighted: Float64Array[];
  /** Rolled-forward baseline PPPY, [l * S + s]. */
  pppy: Float64Array;
  target: Float64Array; // [n][l], GBP, fully need-based
  lineTotals: number[];
  personYearsBySegment: Float64Array;
  personYearsByNeighbourhood: Float64Array;
  alpha: number;
  historical: number; // all lines, no need adjustment
}

/** Builds year y's cube: person-years per neighbourhood x segment weighted by the blended need multiplier
 *  (alpha x index + 1 - alpha; with a line's practice cost indices h, alpha x index + (1 - alpha) x h), times the
 *  rolled-forward PPPY of each line; and the fully need-based target. */
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
  const P = pop.practices.length;
  for (let p = 0; p < P; p++) {
    const n = neighbourhoodOf[p]!;
    const index = needIndex[p]!;
    const mix = alpha * index + 1 - alpha;
    const row = p * S;
    const cell = n * S;
    for (let s = 0; s < S; s++) {
      const v = personYears[row + s]!;
      weighted[cell + s]! += v * mix;
      needWeighted[cell + s]! += v * index;
      personYearsBySegment[s]! += v;
      personYearsByNeighbourhood[n]! += v;
    }
  }
  const target = new Float64Array(N * L);
  const lineTotals: number[] = [];
  const lineWeighted: Float64Array[] = [];
  let historical = 0;
  for (let l = 0; l < L; l++) {
    // A line with practice cost indices starts from each practice's own history (its own weighting); the others
    // share the segment-average weighting above.
    const own = lines[l]!.practiceCostIndex;
    const history =
      own === undefined
        ? null
        : historyWeighted(scenario, neighbourhoodOf, personYears, needIndex, alpha, own);
    const w = history?.weighted ?? weighted;
    lineWeighted.push(w);
    let total = 0;
    const line = l * S;
    for (let n = 0; n < N; n++) {
      let t = 0;
      const cell = n * S;
      for (let s = 0; s < S; s++) {
        const cost = pppy[line + s]!;
        total += w[cell + s]! * cost;
        t += needWeighted[cell + s]! * cost;
      }
      target[n * L + l] = t;
    }
    const historicalPersonYears = history?.personYears ?? personYearsBySegment;
    for (let s = 0; s < S; s++) historical += historicalPersonYears[s]! * pppy[line + s]!;
    lineTotals.push(total);
  }
  return {
    lineWeighted,
    pppy,
    target,
    lineTotals,
    personYearsBySegment,
    personYearsByNeighbourhood,
    alpha,
    historical,
  };
}

/** For a line with practice cost indices h_p: person-years per neighbourhood x segment weighted by
 *  alpha x need index + (1 - alpha) x h_p, and person-years by segment weighted by h_p (the line's history). */
function historyWeighted(
  scenario: Scenario,
  neighbourhoodOf: readonly number[],
  personYears: Float64Array,
  needIndex: readonly number[],
  alpha: number,
  costIndex: Readonly<Record<string, number>>,
): { weighted: Float64Array; personYears: Float64Array } {
  const S = scenario.population.segments.length;
  const N = scenario.population.neighbourhoods.length;
  const weighted = new Float64Array(N * S);
  const historyBySegment = new Float64Array(S);
  scenario.population.practices.forEach((practice, p) => {
    const n = neighbourhoodOf[p]!;
    const h = costIndex[practice.id] ?? 1;
    const mix = alpha * needIndex[p]! + (1 - alpha) * h;
    for (let s = 0; s < S; s++) {
      const v = personYears[p * S + s]!;
      weighted[n * S + s]! += v * mix;
      historyBySegment[s]! += v * h;
    }
  });
  return { weighted, personYears: historyBySegment };
}
