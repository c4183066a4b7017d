import * as z from 'zod';
import { strictObject } from '../base/index.ts';
import { EfficiencyPerYear, Gbp, PerYear, UnitRate } from './common.ts';

export const Deficit = strictObject({
  /** Existing deficit D0 in GBP per year: run-rate spend minus affordable allocation in the base year. */
  amount: Gbp,
  /** Years T to recover it; D_y = D0 x (1 - y/T) unless a profile is given. */
  recoveryYears: z.number().int().min(1).max(20),
  /** Optional share of D0 still funded in each contract year y = 1..T (phi_y, decreasing to 0). */
  profile: z.array(UnitRate).max(20).optional(),
  /** Growth of the affordable allocation per year; defaults to the growth of the do-nothing spend. */
  allocationGrowth: PerYear.optional(),
});
export type Deficit = z.infer<typeof Deficit>;

export const Trajectory = strictObject({
  /** Cost uplift u (pay and prices), per contract year. NHSPS 2025/26: 0.0483. */
  costUplift: PerYear.default(0),
  /** Efficiency requirement e, per contract year. */
  efficiency: EfficiencyPerYear.default(0),
  /** Non-demographic demand growth d, per contract year. */
  nonDemographicGrowth: PerYear.default(0),
  deficit: Deficit.optional(),
});
export type Trajectory = z.infer<typeof Trajectory>;
