import { practiceNeedIndices } from '../../shared/core/needIndex/index.ts';
import type { PracticeRow } from '../../shared/core/needIndex/index.ts';
import type { ScenarioInput } from '../../shared/core/scenario/index.ts';
import type { SpendCell } from './readData.ts';
import { type AgeBand, nationalShares, segmentSpend } from './segments.ts';
import { type LineRule, SPEND_UPLIFT_2014_15_TO_2025_26, linePppy } from './serviceLines.ts';

type PopulationInput = ScenarioInput['population'];

/** Everything an example takes from the data: segments, practices with person-years and need, line baselines. */
export interface PlaceData {
  segments: PopulationInput['segments'];
  neighbourhoods: { id: string; name: string }[];
  practices: PopulationInput['practices'];
  lines: { rule: LineRule; baselinePppy: number[] }[];
  /** Sum of the chosen practices' `pop 2022/23`. */
  registered: number;
  /** Base-year spend of a line in GBP before need adjustment: sum over practices and segments of PY x PPPY. */
  lineBudget(lineId: string): number;
}

export interface PlaceChoice {
  icb: string;
  groups: { id: string; name: string; practices: PracticeRow[] }[];
  bands: readonly AgeBand[];
  rules: readonly LineRule[];
}

/** Person-years are kept to 4 decimals: enough that a practice's segments add up to its list within 0.01. */
const py4 = (x: number) => Math.round(x * 1e4) / 1e4;
const index4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function buildPlaceData(
  rows: readonly PracticeRow[],
  cells: readonly SpendCell[],
  choice: PlaceChoice,
): PlaceData {
  const spend = segmentSpend(cells, choice.bands);
  const shares = nationalShares(spend);
  const need = new Map(practiceNeedIndices(rows, choice.icb, 'Final WP').map((p) => [p.code, p.needIndex]));
  const practices = choice.groups.flatMap((g) =>
    g.practices.map((p) => ({
      id: p.code,
      name: p.name,
      neighbourhood: g.id,
      // The practice file has list sizes only: spread each list over the national 2014 age/sex/IMD structure.
      personYears: shares.map((share) => py4(p.population * share)),
      needIndex: index4(need.get(p.code)!),
    })),
  );
  const pppy = linePppy(choice.rules, spend, SPEND_UPLIFT_2014_15_TO_2025_26);
  const lines = choice.rules.map((rule, l) => ({ rule, baselinePppy: pppy[l]! }));
  const bySegment = spend.map((_, s) => practices.reduce((a, p) => a + p.personYears[s]!, 0));
  return {
    segments: spend.map((s) => s.segment),
    neighbourhoods: choice.groups.map((g) => ({ id: g.id, name: g.name })),
    practices,
    lines,
    registered: choice.groups.reduce((a, g) => a + g.practices.reduce((b, p) => b + p.population, 0), 0),
    lineBudget(lineId) {
      const line = lines.find((l) => l.rule.id === lineId);
      if (!line) throw new Error(`unknown line ${lineId}`);
      return line.baselinePppy.reduce((a, v, s) => a + v * bySegment[s]!, 0);
    },
  };
}
