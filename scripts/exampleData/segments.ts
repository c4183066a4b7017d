import type { Segment } from '../../shared/core/scenario/index.ts';
import { OPEN_AGE, type SpendCell } from './readData.ts';

/** An age band; `to` omitted = open band (85+). */
export interface AgeBand {
  from: number;
  to?: number;
}

/** Broad bands for examples: children, working age split at 45, and the older ages where spend rises fastest. */
export const BROAD_BANDS: AgeBand[] = [
  { from: 0, to: 4 },
  { from: 5, to: 14 },
  { from: 15, to: 44 },
  { from: 45, to: 64 },
  { from: 65, to: 74 },
  { from: 75, to: 84 },
  { from: 85 },
];

/** Single years 0-84 and 85+: the full resolution of the spend table (86 bands). */
export function singleYearBands(): AgeBand[] {
  return [...Array.from({ length: OPEN_AGE }, (_, a) => ({ from: a, to: a })), { from: OPEN_AGE }];
}

const SEXES = ['F', 'M'] as const;
const QUINTILES = [1, 2, 3, 4, 5] as const;

/** Spend-table totals of one segment (2014/15, England). */
export interface SegmentSpend {
  segment: Segment;
  population: number;
  inpatient: number;
  outpatient: number;
  gpAndPrescribing: number;
}

export function bandLabel(b: AgeBand): string {
  if (b.to === undefined) return `${b.from}plus`;
  return b.from === b.to ? `${b.from}` : `${b.from}-${b.to}`;
}

/** Segments band x sex x IMD quintile (in that nesting order) with the spend table summed over each band's ages,
 *  so a band's per-person spend is the population-weighted mean of its single years. */
export function segmentSpend(cells: readonly SpendCell[], bands: readonly AgeBand[]): SegmentSpend[] {
  const out: SegmentSpend[] = [];
  for (const band of bands)
    for (const sex of SEXES)
      for (const imd of QUINTILES) {
        const segment: Segment = {
          id: `${bandLabel(band)}_${sex}_q${imd}`,
          ageFrom: band.from,
          ...(band.to === undefined ? {} : { ageTo: band.to }),
          sex,
          imdQuintile: imd,
        };
        const total = { population: 0, inpatient: 0, outpatient: 0, gpAndPrescribing: 0 };
        for (const c of cells)
          if (
            c.sex === sex &&
            c.imd === imd &&
            c.age >= band.from &&
            (band.to === undefined || c.age <= band.to)
          ) {
            total.population += c.population;
            total.inpatient += c.inpatient;
            total.outpatient += c.outpatient;
            total.gpAndPrescribing += c.gpAndPrescribing;
          }
        if (total.population <= 0)
          throw new Error(`segment ${segment.id} has no population in the spend table`);
        out.push({ segment, ...total });
      }
  return out;
}

/** Each segment's share of England's 2014 population: the structure every practice list is spread over. */
export function nationalShares(spend: readonly SegmentSpend[]): number[] {
  const total = spend.reduce((a, s) => a + s.population, 0);
  return spend.map((s) => s.population / total);
}
