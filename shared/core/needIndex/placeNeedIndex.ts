import { DomainError } from '../base/index.ts';
import {
  NUMERIC_COLUMNS,
  type PracticeRow,
  WEIGHTED_POPULATION_COLUMNS,
  type WeightedPopulationColumn,
} from './practiceRows.ts';

export interface PlaceNeed {
  place: string;
  practices: number;
  /** Sum of the place's practice GP populations, rounded to an integer (§3.9 step 2). */
  population: number;
  /** Sum of the place's weighted populations for the component, rounded to an integer. */
  weightedPopulation: number;
  /** (WP_place / Pop_place) / (WP_ICB / Pop_ICB). */
  relativeNeedIndex: number;
  /** WP_place / WP_ICB: the place's need-based share of the ICB budget. */
  shareOfNeed: number;
}

export interface PlaceNeedIndex {
  icb: { code: string; name: string };
  component: WeightedPopulationColumn;
  by: string;
  icbPopulation: number;
  icbWeightedPopulation: number;
  /** Sorted by place name so the output is deterministic. */
  places: PlaceNeed[];
}

export interface PlaceNeedOptions {
  /** ICS22 code (e.g. QOC) or ICS22name, case-insensitive. */
  icb: string;
  /** Column grouping practices into places: LAD21, LTLA21 or any other text column. */
  by: string;
  /** Weighted-population column; default 'Final WP'. */
  component?: string;
}

export const DEFAULT_COMPONENT: WeightedPopulationColumn = 'Final WP';

/** Relative need index of each place of one ICB (§3.9, NHS England's place-based allocation tool `get_index`):
 *  practice rows are summed per place and for the ICB, each sum is rounded to an integer as the tool does, then
 *  RNI = (WP_place / Pop_place) / (WP_ICB / Pop_ICB) and share = WP_place / WP_ICB. */
export function placeNeedIndex(rows: readonly PracticeRow[], options: PlaceNeedOptions): PlaceNeedIndex {
  const component = resolveComponent(options.component ?? DEFAULT_COMPONENT);
  const icbRows = selectIcb(rows, options.icb);
  const by = resolveGroupingColumn(icbRows, options.by);
  const first = icbRows[0]!;

  const groups = new Map<string, { practices: number; population: number; weighted: number }>();
  for (const row of icbRows) {
    const key = row.text[by] ?? '';
    const g = groups.get(key) ?? { practices: 0, population: 0, weighted: 0 };
    g.practices++;
    g.population += row.population;
    g.weighted += row.weighted[component];
    groups.set(key, g);
  }
  // The ICB totals are summed from the unrounded practice values, as the tool does, not from rounded places.
  const icbPopulation = Math.round(sum(icbRows.map((r) => r.population)));
  const icbWeightedPopulation = Math.round(sum(icbRows.map((r) => r.weighted[component])));
  const icbRate = icbWeightedPopulation / icbPopulation;

  const places = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([place, g]): PlaceNeed => {
      const population = Math.round(g.population);
      const weightedPopulation = Math.round(g.weighted);
      if (population === 0)
        throw new DomainError('by', `place "${place}" has a GP population that rounds to 0; no index exists`);
      return {
        place,
        practices: g.practices,
        population,
        weightedPopulation,
        relativeNeedIndex: weightedPopulation / population / icbRate,
        shareOfNeed: weightedPopulation / icbWeightedPopulation,
      };
    });
  return {
    icb: { code: first.icbCode, name: first.icbName },
    component,
    by,
    icbPopulation,
    icbWeightedPopulation,
    places,
  };
}

export interface PracticeNeed {
  code: string;
  name: string;
  population: number;
  weightedPopulation: number;
  /** (WP_p / Pop_p) / (WP_ICB / Pop_ICB): the practice's need relative to its ICB (1 = ICB average). */
  needIndex: number;
}

/** Each practice's need index relative to its ICB, for a scenario's `needIndex`. A single practice is not a
 *  sum, so its own values are not rounded (rounding a list of a few hundred people would distort its index);
 *  the ICB totals are rounded as in `placeNeedIndex`, so both agree on the ICB rate. */
export function practiceNeedIndices(
  rows: readonly PracticeRow[],
  icb: string,
  component: string = DEFAULT_COMPONENT,
): PracticeNeed[] {
  const column = resolveComponent(component);
  const icbRows = selectIcb(rows, icb);
  const icbRate =
    Math.round(sum(icbRows.map((r) => r.weighted[column]))) /
    Math.round(sum(icbRows.map((r) => r.population)));
  return icbRows.map((r) => {
    if (r.population <= 0) throw new DomainError('icb', `practice ${r.code} has no GP population`);
    return {
      code: r.code,
      name: r.name,
      population: r.population,
      weightedPopulation: r.weighted[column],
      needIndex: r.weighted[column] / r.population / icbRate,
    };
  });
}

/** The rows of one ICB, matched on ICS22 code or name, ignoring case and surrounding spaces. */
export function selectIcb(rows: readonly PracticeRow[], icb: string): PracticeRow[] {
  const wanted = icb.trim().toLowerCase();
  const selected = rows.filter(
    (r) => r.icbCode.toLowerCase() === wanted || r.icbName.toLowerCase() === wanted,
  );
  if (selected.length > 0) return selected;
  const known = [...new Set(rows.flatMap((r) => [r.icbCode, r.icbName]))];
  throw new DomainError('icb', `unknown ICB "${icb}"${suggest(icb, known)}`);
}

function resolveComponent(component: string): WeightedPopulationColumn {
  const match = WEIGHTED_POPULATION_COLUMNS.find((c) => c.toLowerCase() === component.trim().toLowerCase());
  if (match) return match;
  throw new DomainError(
    'component',
    `"${component}" is not a weighted-population column${suggest(component, WEIGHTED_POPULATION_COLUMNS)}`,
  );
}

/** Grouping by a numeric column would make one "place" per distinct number, which is never what is meant. */
function resolveGroupingColumn(rows: readonly PracticeRow[], by: string): string {
  const columns = Object.keys(rows[0]?.text ?? {});
  const textColumns = columns.filter((c) => !NUMERIC_COLUMNS.includes(c));
  const match = textColumns.find((c) => c.toLowerCase() === by.trim().toLowerCase());
  if (match) return match;
  const why = columns.some((c) => c.toLowerCase() === by.trim().toLowerCase())
    ? 'is a numeric column; group by a text column'
    : 'is not a column of the practice file';
  throw new DomainError('by', `"${by}" ${why}${suggest(by, textColumns)}`);
}

/** ", did you mean: ..." with the closest candidates: substring matches first, then by edit distance. */
export function suggest(input: string, candidates: readonly string[], max = 5): string {
  const needle = input.trim().toLowerCase();
  const scored = candidates
    .map((c) => {
      const hay = c.toLowerCase();
      const contains = needle.length > 0 && (hay.includes(needle) || needle.includes(hay));
      return {
        c,
        score: contains ? 0 : 1 + editDistance(needle, hay) / Math.max(needle.length, hay.length, 1),
      };
    })
    .filter((s) => s.score <= 1.6)
    .sort((a, b) => a.score - b.score || (a.c < b.c ? -1 : 1))
    .slice(0, max);
  return scored.length > 0 ? `; did you mean: ${scored.map((s) => s.c).join(', ')}?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
