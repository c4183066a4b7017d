import * as z from 'zod';
import { plainText, strictObject } from '../base/index.ts';
import { CostIndex, EfficiencyPerYear, Id, LIMITS, PerYear, Pppy } from './common.ts';

export const ServiceCategory = z.enum([
  'core_primary_medical',
  'other_primary_care',
  'community',
  'mental_health',
  'acute_elective',
  'acute_non_elective',
  'urgent_care',
  'outpatients',
  'maternity',
  'prescribing',
  'continuing_healthcare',
  'social_care',
  'public_health',
  'specialised',
  'high_cost_drugs_devices',
]);
export type ServiceCategory = z.infer<typeof ServiceCategory>;

export const CarveOut = strictObject({
  kind: z.enum(['high_cost_low_frequency', 'personal_health_budget', 'out_of_area', 'other']),
  reason: plainText({ max: 500 }).optional(),
});

export const ProviderShare = strictObject({ provider: Id, share: z.number().finite().positive().max(1) });

export const ServiceLine = strictObject({
  id: Id,
  name: plainText({ max: 200 }),
  category: ServiceCategory,
  /** Providing organisations and their share of the line (shares sum to 1). */
  providers: z.array(ProviderShare).min(1).max(LIMITS.providers),
  /** Base-year spend in GBP per person per year, by segment (aligned with `population.segments`). */
  baselinePppy: z.array(Pppy).max(LIMITS.segments),
  /** Each practice's historical cost on this line relative to `baselinePppy`: its actual base-year spend over the
   *  spend its person-years would have at the line's PPPY by segment (an indirectly standardised ratio). The
   *  budget starts from history and converges to need (B4): the practice multiplier is
   *  alpha x need index + (1 - alpha) x cost index. Practices not listed: 1 (history is the segment average). */
  practiceCostIndex: z.record(Id, CostIndex).optional(),
  /** Explicit scope decision overriding the contract-form default (B5). */
  inScope: z.boolean().optional(),
  /** Removed from the capitated budget and paid outside it (B6). */
  carveOut: CarveOut.optional(),
  /** Line-specific roll-forward rates (override the trajectory defaults). */
  costUplift: PerYear.optional(),
  efficiency: EfficiencyPerYear.optional(),
  nonDemographicGrowth: PerYear.optional(),
});
export type ServiceLine = z.infer<typeof ServiceLine>;
