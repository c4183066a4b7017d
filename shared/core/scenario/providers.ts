import * as z from 'zod';
import { plainText, strictObject } from '../base/index.ts';
import { Id, LIMITS, bounded, zeroOr } from './common.ts';

export const PaymentMechanism = z.discriminatedUnion('type', [
  /** A fixed share of the whole in-scope budget, whatever lines the member provides. */
  strictObject({ type: z.literal('block_share'), share: z.number().finite().min(0).max(1) }),
  /** The member's lines' capitated budget (sub-contract value SC_k, B9). */
  strictObject({ type: z.literal('capitated') }),
  /** API style: fixed element F_k = SC_k, plus variableRate x unitPrice x (actual - planned activity). */
  strictObject({
    type: z.literal('fixed_variable'),
    variableRate: z.number().finite().min(0).max(1),
    unitPrice: bounded(0.01, LIMITS.unitPrice, 'GBP a unit of activity'),
    plannedActivity: bounded(0, LIMITS.activity, 'units of activity a year'),
  }),
]);
export type PaymentMechanism = z.infer<typeof PaymentMechanism>;

export const Provider = strictObject({
  id: Id,
  name: plainText({ max: 200 }),
  kind: z.enum([
    'gp_federation',
    'acute_trust',
    'community_trust',
    'mental_health_trust',
    'local_authority',
    'other',
  ]),
  payment: PaymentMechanism.default({ type: 'capitated' }),
  /** Used by the `performance` distribution of a gain/loss (0-1). */
  performance: z.number().finite().min(0).max(1).optional(),
});
export type Provider = z.infer<typeof Provider>;

/** How the PACS-level gain or loss is divided among members (B9, Monitor / NW London options). */
export const Distribution = z
  .discriminatedUnion('method', [
    strictObject({ method: z.literal('equal') }),
    strictObject({ method: z.literal('pro_rata_budget') }),
    strictObject({ method: z.literal('performance') }),
    strictObject({
      method: z.literal('custom'),
      weights: z.record(Id, zeroOr(1e-6, LIMITS.weight, '')),
    }),
  ])
  .default({ method: 'pro_rata_budget' });
export type Distribution = z.infer<typeof Distribution>;
