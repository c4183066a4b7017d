import * as z from 'zod';
import { strictObject } from '../base/index.ts';
import { Id, LIMITS, NonNegativeGbp, PatientCost, UnitRate, bounded } from '../scenario/index.ts';

/** What happened in a contract year, as known at year end. Money in GBP for the whole year. */
export const Actual = strictObject({
  /** Actual in-scope spend before stop-loss recoveries. */
  spend: NonNegativeGbp,
  /** Annual cost of each individual patient whose cost may exceed the specific stop-loss attachment (their costs
   *  are already inside `spend`). */
  highCostPatients: z.array(PatientCost).max(LIMITS.highCostPatients).default([]),
  /** Quality score 0-1 for quality-linked sharing rates. Defaults to the outcomes score, else 1. */
  quality: UnitRate.optional(),
  /** Attainment 0-1 per outcome measure id; measures not given use their expectedAttainment. */
  measureAttainment: z.record(Id, UnitRate).default({}),
  /** Actual activity per fixed_variable member (same unit as plannedActivity). */
  activity: z.record(Id, bounded(0, LIMITS.activity, 'units of activity a year')).default({}),
  /** Providers' revenue, for revenue-based loss limits. */
  revenue: NonNegativeGbp.optional(),
});
export type Actual = z.output<typeof Actual>;
export type ActualInput = z.input<typeof Actual>;
