/** From patient-level data to budgets (pure part): the data profile's schema, the level-of-need rule as data, the
 *  mapping from local settings to service lines, disclosure control, the profile built from an extract's
 *  aggregates (baselines, levels of need, drivers of spend, calibrated risk model, trend) and baselines written
 *  into a scenario. The reading of files (DuckDB) lives in cli/data. */

export type {
  CostDistributionAggregate,
  ExtractAggregates,
  LevelYearAggregate,
  PracticeInfo,
  PracticeLineAggregate,
  PracticeSegmentAggregate,
  SegmentLineYearAggregate,
  SegmentYearAggregate,
  SettingAggregate,
  SourceFile,
} from './aggregates.ts';
export { buildProfile, resolveMappingOrThrow } from './buildProfile.ts';
export type { ProfileOptions } from './buildProfile.ts';
export { Mixture, fitCalibration } from './calibrate.ts';
export type { CalibrationInput, FittedCalibration } from './calibrate.ts';
export {
  DEFAULT_DISCLOSURE,
  Disclosure,
  DisclosureRule,
  controlledRound,
  roundTo,
} from './disclosure.ts';
export type { SuppressedCell } from './disclosure.ts';
export {
  ACTIVITY_COLUMNS,
  CATEGORY_NAMES,
  DEFAULT_MAPPING,
  PEOPLE_COLUMNS,
  SettingMapping,
  resolveMapping,
} from './mapping.ts';
export type {
  ActivityColumn,
  PeopleColumn,
  ProfileLine,
  ResolvedMapping,
  ResolvedSetting,
  SettingMappingInput,
} from './mapping.ts';
export { DEFAULT_NEED_RULE, NEED_LEVEL_NAMES, NeedRule, describeNeedRule } from './needRule.ts';
export type { NeedCondition, NeedMeasure } from './needRule.ts';
export { DataProfile, PROFILE_VERSION } from './profile.ts';
export type { ProfilePractice, RiskProfile, TrendProfile } from './profile.ts';
export { ACTIVITY_REASONS, PEOPLE_REASONS, qualityReport } from './quality.ts';
export type { QualityReport, RawRejections, RejectionExample } from './quality.ts';
export {
  DEFAULT_AGE_BANDS,
  DEFAULT_SEGMENTATION,
  Segmentation,
  allSegmentKeys,
  bandLabel,
  parseAgeBands,
  segmentId,
} from './segmentation.ts';
export type { AgeBand, SegmentKey } from './segmentation.ts';
export { compoundGrowth } from './trend.ts';
export { writeBaselines } from './writeScenario.ts';
export type { WriteOptions, WriteResult } from './writeScenario.ts';
