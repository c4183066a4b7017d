import type { QualityReport } from './quality.ts';
import type { SegmentKey } from './segmentation.ts';

/* What the adapter hands the core after reading an extract: aggregates only, before disclosure control. No
 * person-level row crosses this line; the smallest unit is a segment cell of one practice. The core applies
 * disclosure control and derives every published figure from these (buildProfile). */

export interface SourceFile {
  name: string;
  kind: 'people' | 'activity';
  format: 'csv' | 'parquet';
  bytes: number;
}

export interface SegmentYearAggregate {
  year: string;
  key: SegmentKey;
  /** People with person-years in the year (a person counts once, in their segment of that year). */
  people: number;
  personYears: number;
  spend: number;
  events: number;
  /** Person-years of people with no cost in the year. */
  zeroPersonYears: number;
  /** Sum over people of cost^2 / person-years: the person-year-weighted second moment of annualised cost. */
  sumSquares: number;
}

export interface SegmentLineYearAggregate {
  year: string;
  key: SegmentKey;
  line: string;
  /** People with at least one activity row in the line. */
  users: number;
  events: number;
  spend: number;
}

/** People by level of need in a year, whatever the segmentation (the rule is always evaluated). */
export interface LevelYearAggregate {
  year: string;
  level: number;
  people: number;
  personYears: number;
  spend: number;
}

export interface PracticeSegmentAggregate {
  practice: string;
  key: SegmentKey;
  people: number;
  personYears: number;
  spend: number;
}

export interface PracticeLineAggregate {
  practice: string;
  line: string;
  users: number;
  events: number;
  spend: number;
}

export interface SettingAggregate {
  /** Setting code as mapped (upper case). */
  code: string;
  users: number;
  events: number;
  spend: number;
}

/** The base year's distribution of annualised cost per person (cost / person-years, weighted by person-years). */
export interface CostDistributionAggregate {
  people: number;
  personYears: number;
  spend: number;
  zeroPersonYears: number;
  /** Person-year-weighted percentiles; `peopleAbove` = people with a higher annualised cost. */
  percentiles: { p: number; value: number; peopleAbove: number }[];
  /** Share of spend of the costliest share q of person-years. */
  topShares: { q: number; share: number; people: number }[];
  /** Exceedances of the tail threshold: the person-year-weighted `quantile` of annualised cost. */
  tail: {
    quantile: number;
    threshold: number;
    people: number;
    personYears: number;
    /** Sum of person-years x ln(cost / threshold) over the exceedances. */
    sumLogExcess: number;
  };
  /** People whose annual cost exceeds each attachment, and their summed excess over it. */
  attachments: { attachment: number; people: number; excess: number }[];
}

export interface PracticeInfo {
  code: string;
  name?: string;
  pcnCode?: string;
  pcnName?: string;
  /** Need index relative to the ICB (1 = ICB average), from NHS England's weighted populations. */
  needIndex?: number;
}

export interface ExtractAggregates {
  /** Financial years of the profile, ascending ("2023/24"); the last is the base year. */
  years: string[];
  files: SourceFile[];
  quality: QualityReport;
  segmentYears: SegmentYearAggregate[];
  segmentLineYears: SegmentLineYearAggregate[];
  levelYears: LevelYearAggregate[];
  practiceSegments: PracticeSegmentAggregate[];
  practiceLines: PracticeLineAggregate[];
  settings: SettingAggregate[];
  distribution: CostDistributionAggregate;
  /** Practices of the extract with what the practice file says about them (empty fields without one). */
  practices: PracticeInfo[];
  /** Where need indices came from, e.g. "gp-practice-weighted-populations-2024-25.csv, ICB QOC, Final WP". */
  needIndexSource?: string;
}
