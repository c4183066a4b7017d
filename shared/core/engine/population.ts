import { DomainError } from '../base/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { rateInYear } from './years.ts';

/** Person-years by practice x segment for the base year and every contract year (B1). */
export interface PopulationProjection {
  practices: number;
  segments: number;
  /** byYear[y][p * segments + s] */
  byYear: Float64Array[];
  registered: number[];
  unregistered: number[];
  excluded: number[];
}

/** N = registered + unregistered - excluded, projected with demographic growth per segment:
 *  N_{s,y} = N_{s,0} x prod_{t<=y} (1 + g_{s,t}). Unregistered residents are added pro rata to the registered
 *  list; exclusions are removed from the cells they name (pro rata where they name none). */
export function projectPopulation(scenario: Scenario): PopulationProjection {
  const { practices, segments, growth, unregisteredRate, exclusions } = scenario.population;
  const P = practices.length;
  const S = segments.length;
  const registered = new Float64Array(P * S);
  practices.forEach((p, i) => {
    for (let s = 0; s < S; s++) registered[i * S + s] = p.personYears[s] ?? 0;
  });
  const excludedCells = new Float64Array(P * S);
  exclusions.forEach((x, k) => {
    const pIdx = x.practice === undefined ? -1 : practices.findIndex((p) => p.id === x.practice);
    const sIdx = x.segment === undefined ? -1 : segments.findIndex((s) => s.id === x.segment);
    let pool = 0;
    for (let p = 0; p < P; p++)
      for (let s = 0; s < S; s++)
        if ((pIdx < 0 || p === pIdx) && (sIdx < 0 || s === sIdx)) pool += registered[p * S + s]!;
    if (x.personYears > pool * (1 + unregisteredRate) + 1e-9)
      throw new DomainError(
        `population.exclusions[${k}].personYears`,
        `${x.personYears} is more than the ${pool} person-years it applies to`,
      );
    if (pool === 0) return;
    for (let p = 0; p < P; p++)
      for (let s = 0; s < S; s++)
        if ((pIdx < 0 || p === pIdx) && (sIdx < 0 || s === sIdx))
          excludedCells[p * S + s]! += (x.personYears * registered[p * S + s]!) / pool;
  });

  const base = new Float64Array(P * S);
  let reg0 = 0;
  let exc0 = 0;
  for (let c = 0; c < P * S; c++) {
    base[c] = registered[c]! * (1 + unregisteredRate) - excludedCells[c]!;
    reg0 += registered[c]!;
    exc0 += excludedCells[c]!;
  }

  const byYear = [base];
  const registeredByYear = [reg0];
  const unregisteredByYear = [reg0 * unregisteredRate];
  const excludedByYear = [exc0];
  const factor = new Float64Array(S).fill(1);
  for (let y = 1; y <= scenario.contract.years; y++) {
    let reg = 0;
    let exc = 0;
    const cells = new Float64Array(P * S);
    for (let s = 0; s < S; s++) {
      const id = segments[s]!.id;
      const g = rateInYear(growth.bySegment?.[id] ?? growth.rate, y);
      factor[s]! *= 1 + g;
    }
    for (let p = 0; p < P; p++)
      for (let s = 0; s < S; s++) {
        const c = p * S + s;
        cells[c] = base[c]! * factor[s]!;
        reg += registered[c]! * factor[s]!;
        exc += excludedCells[c]! * factor[s]!;
      }
    byYear.push(cells);
    registeredByYear.push(reg);
    unregisteredByYear.push(reg * unregisteredRate);
    excludedByYear.push(exc);
  }
  return {
    practices: P,
    segments: S,
    byYear,
    registered: registeredByYear,
    unregistered: unregisteredByYear,
    excluded: excludedByYear,
  };
}
