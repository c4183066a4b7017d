import * as z from 'zod';
import { strictObject } from '../base/index.ts';
import { Id, Index, LIMITS, PerYear, RiskScore, UnitPerYear, UnitRate } from './common.ts';

/** Weighted capitation (NHS): each practice's `needIndex` scales its segment costs (B4 i). */
export const WeightedCapitation = strictObject({
  method: z.literal('weighted_capitation'),
  /** `population`: rescale indices so the PACS person-year-weighted mean is 1 (need only redistributes
   *  between practices and neighbourhoods); `none`: indices are relative to the ICB, so the PACS target
   *  itself can sit above or below its historical spend. */
  normalise: z.enum(['population', 'none']).default('none'),
});

/** Person risk scores summarised per practice (CMS-HCC style, B4 ii). */
export const RiskScores = strictObject({
  method: z.literal('risk_score'),
  /** Raw mean risk score per practice, one value per year starting with the base year (year 0). */
  practices: z
    .array(
      strictObject({
        practice: Id,
        rawScoreByYear: z.array(RiskScore).min(1).max(16),
      }),
    )
    .max(LIMITS.practices),
  normalisationFactor: Index.default(1),
  codingAdjustment: UnitRate.default(0),
  /** Reference population risk score the baseline PPPY corresponds to. */
  referenceScore: RiskScore.default(1),
  /** Cap on growth of the normalised score relative to year 0 (MSSP/REACH: 3%). */
  growthCap: strictObject({
    rate: z.number().finite().min(0).max(1),
    symmetric: z.boolean().default(false),
  }).optional(),
});

export const NeedAdjustment = z
  .discriminatedUnion('method', [strictObject({ method: z.literal('none') }), WeightedCapitation, RiskScores])
  .default({ method: 'none' });
export type NeedAdjustment = z.infer<typeof NeedAdjustment>;

/** Pace of change between the historical budget and the need-based target (B4, B7):
 *  budget_y = alpha_y x need + (1 - alpha_y) x historical. Either an explicit alpha per contract year, or a pace
 *  k giving alpha_y = 1 - (1 - k)^y (closing a fixed share k of the remaining gap each year). */
export const Convergence = z.union([
  strictObject({ alphaByYear: UnitPerYear }),
  strictObject({ pace: UnitRate }),
]);
export type Convergence = z.infer<typeof Convergence>;
