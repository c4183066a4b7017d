import * as z from 'zod';
import { plainText, strictObject } from '../base/index.ts';
import { Id, LIMITS, UnitRate } from './common.ts';

export const Measure = strictObject({
  id: Id,
  name: plainText({ max: 200 }),
  weight: UnitRate,
  /** Planned attainment 0-1 used for budgeting; the actual attainment is given at settlement. */
  expectedAttainment: UnitRate.default(1),
});

export const AttainmentRule = z.discriminatedUnion('type', [
  /** f = sum of weight x attainment. */
  strictObject({ type: z.literal('linear') }),
  /** All or nothing: f = 1 if score >= threshold else 0. */
  strictObject({ type: z.literal('gate'), threshold: UnitRate }),
  /** MSSP alternative quality path: f = maxRate x score. */
  strictObject({ type: z.literal('scaled'), maxRate: UnitRate.default(1) }),
  /** Tiers: f = earned share of the highest tier whose minScore <= score (e.g. deciles). */
  strictObject({
    type: z.literal('tiered'),
    tiers: z
      .array(strictObject({ minScore: UnitRate, earned: UnitRate }))
      .min(1)
      .max(LIMITS.tiers),
  }),
]);
export type AttainmentRule = z.infer<typeof AttainmentRule>;

export const Outcomes = strictObject({
  /** Share of the contract value withheld and paid back for outcomes (Dudley MCP: 0.10). */
  withholdRate: z.number().finite().min(0).max(0.5),
  measures: z.array(Measure).min(1).max(LIMITS.measures),
  rule: AttainmentRule.default({ type: 'linear' }),
  /** Where unearned withhold goes. */
  unearnedTo: z.enum(['commissioner', 'reinvestment']).default('commissioner'),
});
export type Outcomes = z.infer<typeof Outcomes>;
