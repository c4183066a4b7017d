import * as z from 'zod';
import { plainText, strictObject } from '../base/index.ts';
import { LIMITS, UnitRate, bounded } from './common.ts';

/** A band of the corridor on |x| (x = result / benchmark). `upTo: null` is the open top band. */
export const Band = strictObject({
  upTo: bounded(0.0001, LIMITS.ratio, '(a share of the benchmark: 10 is 1,000%)').nullable(),
  /** Share of the result in this band kept (gain) or borne (loss) by the providers. */
  providerRate: UnitRate,
});
export type Band = z.infer<typeof Band>;

export const Threshold = z.discriminatedUnion('type', [
  strictObject({ type: z.literal('fixed'), rate: z.number().finite().min(0).max(1) }),
  /** MSSP minimum savings rate by assigned population, 42 CFR 425.604(b), interpolated linearly. */
  strictObject({ type: z.literal('mssp_table') }),
  /** MSR(N) = max(floor, z x cv / sqrt(N)), N = in-scope person-years. */
  strictObject({
    type: z.literal('normal_variation'),
    z: bounded(0.01, LIMITS.coefficient, '(standard deviations)'),
    cv: bounded(0.0001, LIMITS.cv, '(a coefficient of variation)'),
    floor: UnitRate.default(0),
  }),
]);
export type Threshold = z.infer<typeof Threshold>;

const Side = strictObject({
  threshold: Threshold.default({ type: 'fixed', rate: 0 }),
  /** first_dollar: once |x| reaches the threshold the bands apply to all of it (MSSP);
   *  net: the bands apply only to |x| - threshold (dead band, ACA section 1342 style). */
  thresholdMode: z.enum(['first_dollar', 'net']).default('net'),
  bands: z.array(Band).min(1).max(LIMITS.bands),
  /** Maximum provider amount as a share of the benchmark. */
  capRate: z.number().finite().min(0).max(1).nullable().default(null),
});

export const LossSide = Side.extend({
  /** Loss limit as a share of the providers' revenue (MSSP BASIC: min(alpha x revenue, beta x benchmark)). */
  revenueCapRate: z.number().finite().min(0).max(1).nullable().default(null),
  /** Quality-linked loss rate (MSSP ENHANCED): rate = clamp(base - slope x quality, min, max); replaces the
   *  single band's rate. */
  qualityLinkedRate: strictObject({
    base: bounded(-LIMITS.coefficient, LIMITS.coefficient, ''),
    slope: bounded(-LIMITS.coefficient, LIMITS.coefficient, ''),
    min: UnitRate,
    max: UnitRate,
  })
    .nullable()
    .default(null),
});

export const GainSide = Side.extend({
  /** Alternative quality path: gain band rates are multiplied by the quality score (0-1). */
  scaleByQuality: z.boolean().default(false),
  /** Haircut on positive provider shares after sharing and caps (e.g. US sequestration 2%). */
  haircut: z.number().finite().min(0).max(1).default(0),
});

export const SpecificStopLoss = strictObject({
  /** Per-patient attachment point A in GBP per year. */
  attachment: bounded(1, LIMITS.patientCost, 'GBP a patient a year'),
  /** Share c of each patient's cost above A that is recovered (provider excess commonly 0.8-0.9). */
  coinsurance: UnitRate,
  /** Optional size of the covered layer per patient, GBP: cover applies to min(cost - attachment, limit), so the
   *  recovery is at most coinsurance x limit (an excess-of-loss layer "limit xs attachment"). */
  limit: bounded(1, LIMITS.patientCost, 'GBP a patient a year').nullable().default(null),
});

export const AggregateStopLoss = strictObject({
  /** Attachment as a share of the benchmark (e.g. 1.10 = 110%). */
  attachmentRate: bounded(1, LIMITS.ratio, '(a share of the benchmark: 1.1 is 110%)'),
  coinsurance: UnitRate,
  /** Optional size of the covered layer in GBP above the aggregate attachment (recovery at most c x limit). */
  limit: bounded(1, LIMITS.amount, 'GBP').nullable().default(null),
});

export const StopLoss = strictObject({
  specific: SpecificStopLoss.nullable().default(null),
  aggregate: AggregateStopLoss.nullable().default(null),
});

export type StopLoss = z.output<typeof StopLoss>;

export const RiskShareSpec = strictObject({
  /** Short label, e.g. the preset it came from. */
  label: plainText({ max: 100 }).default('custom'),
  /** Discount taken off the benchmark before the result is computed (ACO REACH Global: 0.035). */
  discount: z.number().finite().min(0).max(0.5).default(0),
  /** share_then_cap: MSSP (sharing rate, then performance payment limit);
   *  cap_then_share: Next Generation ACO (the result is capped first, then shared). */
  order: z.enum(['share_then_cap', 'cap_then_share']).default('share_then_cap'),
  gain: GainSide,
  loss: LossSide,
  stopLoss: StopLoss.default({ specific: null, aggregate: null }),
});
export type RiskShareSpec = z.infer<typeof RiskShareSpec>;
export type RiskShareInput = z.input<typeof RiskShareSpec>;

/** In a scenario, either a full specification or a named preset (see `pacs presets`) with the few choices a
 *  programme leaves to the participant. To change anything else, copy the preset's specification and edit it. */
export const PresetRef = strictObject({
  preset: plainText({ max: 100 }),
  /** Savings cap chosen by the participant (Next Generation ACO: 0.05-0.15), as a share of the benchmark. */
  gainCapRate: z.number().finite().min(0).max(1).optional(),
  lossCapRate: z.number().finite().min(0).max(1).optional(),
  stopLoss: StopLoss.optional(),
});
export type PresetRef = z.infer<typeof PresetRef>;

export const RiskShare = z.union([PresetRef, RiskShareSpec]);
export type RiskShare = z.infer<typeof RiskShare>;
