import * as z from 'zod';
import { strictObject } from '../base/index.ts';
import { Id, ServiceCategory } from '../scenario/index.ts';
import { DisclosureRule } from './disclosure.ts';
import { SettingMapping } from './mapping.ts';
import { NeedRule } from './needRule.ts';
import { QualityReport } from './quality.ts';
import { Segmentation } from './segmentation.ts';

/* The data profile: aggregates only, after disclosure control. It is what leaves the analyst's machine (into a
 * scenario, a simulation options file or the service). A null count or figure was withheld; `disclosure`
 * lists every withheld cell. Money in GBP; PPPY = GBP per person-year; person-years are rounded counts. */

export const PROFILE_VERSION = 1;

const Count = z.number().min(0).nullable();
const Gbp = z.number().finite().nullable();
const Share = z.number().min(0).max(1).nullable();
export const FinancialYear = z.string().regex(/^\d{4}\/\d{2}$/, 'use the NHS financial year form 2024/25');

export const ProfileSegment = strictObject({
  id: Id,
  ageFrom: z.number().int(),
  ageTo: z.number().int().optional(),
  sex: z.enum(['F', 'M', 'all']),
  imdQuintile: z.number().int().min(1).max(5).optional(),
  needLevel: z.number().int().min(1).max(4).optional(),
});

export const ProfileLineSchema = strictObject({ id: Id, category: ServiceCategory, name: z.string() });

const SegmentFigures = strictObject({
  segment: Id,
  people: Count,
  personYears: Count,
  spend: Gbp,
  pppy: Gbp,
});

const BaselineCell = strictObject({
  segment: Id,
  line: Id,
  users: Count,
  events: Count,
  spend: Gbp,
  /** Published PPPY (null when withheld). */
  pppy: Gbp,
  /** The value written into a scenario: the published PPPY, or for a withheld cell the rate of the first
   *  enclosing group that can be published (segmentation.ts fallbackChain). */
  scenarioPppy: z.number().finite().min(0),
  /** The group whose rate stands in for a withheld cell. */
  filledFrom: z.string().optional(),
});

const GroupFigures = strictObject({
  group: z.string(),
  people: Count,
  personYears: Count,
  spend: Gbp,
  shareOfPersonYears: Share,
  shareOfSpend: Share,
  pppy: Gbp,
  /** PPPY relative to the whole population's (1 = average). */
  index: z.number().finite().nullable(),
});

const Contribution = strictObject({ name: z.string(), amount: z.number().finite() });

const PracticeDriver = strictObject({
  practice: z.string(),
  name: z.string().optional(),
  people: Count,
  personYears: Count,
  spend: Gbp,
  pppy: Gbp,
  needIndex: z.number().finite().nullable(),
  /** Total spend x the practice's share of need-weighted person-years (person-years x need index). */
  expectedSpend: Gbp,
  /** Actual minus need-weighted expected. */
  difference: Gbp,
  /** Expected spend at the population's rates for the practice's own age/sex/IMD mix, minus need-weighted
   *  expected: what the need index does not capture of the practice's population. */
  caseMix: Gbp,
  /** Actual minus expected at the population's rates for its mix: higher or lower use of care. */
  utilisation: Gbp,
  /** The segments and lines that contribute most to `utilisation` (largest first by size). */
  topSegments: z.array(Contribution),
  topLines: z.array(Contribution),
});

const SettingDriver = strictObject({
  setting: z.string(),
  name: z.string(),
  line: Id,
  users: Count,
  events: Count,
  spend: Gbp,
  shareOfSpend: Share,
  costPerEvent: Gbp,
});

const LineDriver = strictObject({
  line: Id,
  users: Count,
  events: Count,
  spend: Gbp,
  shareOfSpend: Share,
  pppy: Gbp,
  usersPerThousand: z.number().nullable(),
});

const LevelFigures = strictObject({
  level: z.number().int().min(1).max(4),
  name: z.string(),
  people: Count,
  personYears: Count,
  shareOfPeople: Share,
  spend: Gbp,
  shareOfSpend: Share,
  pppy: Gbp,
});

const RiskSegment = strictObject({
  segment: Id,
  people: Count,
  personYears: Count,
  mean: Gbp,
  cv: z.number().finite().nullable(),
});

const FitRow = strictObject({
  percentile: z.number(),
  data: Gbp,
  model: z.number().finite(),
  /** model / data. */
  ratio: z.number().finite().nullable(),
});

const AttachmentFigures = strictObject({
  attachment: z.number().min(0),
  people: Count,
  perThousand: z.number().nullable(),
  meanExcess: Gbp,
  totalExcess: Gbp,
  modelPerThousand: z.number().finite(),
  modelMeanExcess: z.number().finite().nullable(),
});

export const RiskProfile = strictObject({
  year: FinancialYear,
  bySegment: z.array(RiskSegment),
  zeroCostShare: Share,
  concentration: strictObject({ top1: Share, top5: Share, bottom50: Share }),
  tail: strictObject({
    /** Tail threshold: this person-year-weighted quantile of annualised cost. */
    quantile: z.number(),
    threshold: Gbp,
    exceedances: Count,
    /** Hill / maximum-likelihood Pareto index above the threshold; its standard error alpha / sqrt(k). */
    alpha: z.number().finite().nullable(),
    standardError: z.number().finite().nullable(),
  }),
  attachments: z.array(AttachmentFigures),
  /** `calibration` of the simulation options (shared/core/simulation/options.ts), fitted to this profile. */
  calibration: strictObject({
    cv: z.record(Id, z.number().positive()),
    zeroProb: z.number().min(0).lt(0.95),
    zeroProbBySegment: z.record(Id, z.number().min(0).lt(0.95)),
    sigma: z.number().positive(),
    tail: strictObject({
      type: z.literal('pareto'),
      mass: z.number().gt(0).max(0.2),
      alpha: z.number().gt(2).max(20),
    }),
  }),
  fit: strictObject({
    percentiles: z.array(FitRow),
    topShares: z.array(strictObject({ top: z.number(), data: Share, model: z.number() })),
    notes: z.array(z.string()),
  }),
});
export type RiskProfile = z.infer<typeof RiskProfile>;

const GrowthRow = strictObject({
  name: z.string(),
  byYear: z.array(Gbp),
  /** Compound annual growth from the first to the last year. */
  growth: z.number().finite().nullable(),
});

export const TrendProfile = strictObject({
  years: z.array(FinancialYear),
  /** Person-years by year and their compound growth (demographic growth). */
  personYears: GrowthRow,
  /** Spend per person-year, all lines, crude and standardised to the base year's age/sex/IMD mix. */
  pppy: GrowthRow,
  standardisedPppy: GrowthRow,
  /** Standardised PPPY by line (non-demographic growth by line). */
  byLine: z.array(GrowthRow),
  /** PPPY by age/sex/IMD segment (level of need pooled). */
  bySegment: z.array(GrowthRow),
  /** PPPY by age/sex/IMD segment and line. */
  bySegmentLine: z.array(GrowthRow.extend({ line: Id })),
  /** Ready for `trajectory`: non-demographic growth overall and by line, and population growth. */
  trajectory: strictObject({
    nonDemographicGrowth: z.number().finite().nullable(),
    byLine: z.record(Id, z.number().finite()),
    populationGrowth: z.number().finite().nullable(),
  }),
});
export type TrendProfile = z.infer<typeof TrendProfile>;

export const ProfilePractice = strictObject({
  code: z.string(),
  name: z.string().optional(),
  pcnCode: z.string().optional(),
  pcnName: z.string().optional(),
  needIndex: z.number().positive().optional(),
  /** Base-year person-years by segment (aligned with `segments`), controlled-rounded to disclosure.roundTo. */
  personYears: z.array(z.number().min(0)),
  /** Historical cost index by line (ServiceLine.practiceCostIndex): actual base-year spend over the spend of these
   *  person-years at the line's baseline PPPY by segment. Lines not listed: 1. */
  costIndex: z.record(Id, z.number().positive()),
});
export type ProfilePractice = z.infer<typeof ProfilePractice>;

export const DataProfile = strictObject({
  profileVersion: z.literal(PROFILE_VERSION),
  source: strictObject({
    files: z.array(
      strictObject({
        name: z.string(),
        kind: z.enum(['people', 'activity']),
        format: z.enum(['csv', 'parquet']),
        bytes: z.number().int().min(0),
      }),
    ),
    years: z.array(FinancialYear).min(1),
    baseYear: FinancialYear,
    mapping: SettingMapping,
    needRule: NeedRule,
    segmentation: Segmentation,
    needIndexSource: z.string().optional(),
  }),
  quality: QualityReport,
  segments: z.array(ProfileSegment),
  lines: z.array(ProfileLineSchema),
  population: strictObject({
    people: Count,
    personYears: Count,
    practices: z.array(ProfilePractice),
  }),
  baselines: strictObject({
    year: FinancialYear,
    total: strictObject({ people: Count, personYears: Count, spend: Gbp, pppy: Gbp }),
    bySegment: z.array(SegmentFigures),
    cells: z.array(BaselineCell),
    /** Sum over segments and lines of the scenario's (rounded) person-years x scenarioPppy against the extract's
     *  spend: what disclosure control costs in accuracy. */
    reconciliation: strictObject({
      scenarioSpend: z.number(),
      /** The same with each practice's historical cost index per line (the scenario's base-year budget). */
      scenarioSpendWithCostIndex: z.number(),
      extractSpend: Gbp,
      difference: Gbp,
    }),
  }),
  levels: strictObject({ year: FinancialYear, rule: z.array(z.string()), byLevel: z.array(LevelFigures) }),
  drivers: strictObject({
    year: FinancialYear,
    byAgeBand: z.array(GroupFigures),
    bySex: z.array(GroupFigures),
    byImdQuintile: z.array(GroupFigures),
    byLevel: z.array(GroupFigures),
    byLine: z.array(LineDriver),
    bySetting: z.array(SettingDriver),
    byPractice: z.array(PracticeDriver),
    notes: z.array(z.string()),
  }),
  risk: RiskProfile,
  trend: TrendProfile.nullable(),
  disclosure: strictObject({
    rule: DisclosureRule,
    summary: z.array(strictObject({ table: z.string(), cells: z.number().int() })),
    suppressed: z.array(strictObject({ table: z.string(), key: z.string(), reason: z.string() })),
  }),
});
export type DataProfile = z.output<typeof DataProfile>;
