import * as z from 'zod';
import { strictObject } from '../base/index.ts';
import { Id, LIMITS, UnitRate, bounded } from '../scenario/index.ts';
import { ServiceCategory } from '../scenario/index.ts';
import { parseWith } from '../scenario/index.ts';

/* Options of a Monte Carlo run (capitation-method.md B11). Every field has a default; a bad value raises a
 * ValidationError naming the field (e.g. `shocks.trend.sd`). */

/** Default person-level shape: reproduces the MEPS concentration of spend (§3.10) within one segment: top 1% of
 *  people 21.3% of spend, top 5% 49.7%, bottom 50% 3.1%; CV 2.86 (see test/simulation/costModel.test.ts). */
export const DEFAULT_ZERO_PROB = 0.175;
export const DEFAULT_SIGMA = 1.625;
export const DEFAULT_TAIL_MASS = 0.01;
export const DEFAULT_TAIL_ALPHA = 3;

/** A person-level coefficient of variation of annual cost (NHS segments: about 1 to 10). */
const Cv = bounded(0, 20, '(a coefficient of variation)', { above: true });

export const TailOption = z.discriminatedUnion('type', [
  strictObject({
    type: z.literal('pareto'),
    /** Share of people with a non-zero cost who are in the Pareto tail (tau). */
    mass: bounded(0, 0.2, '', { above: true }).default(DEFAULT_TAIL_MASS),
    /** Pareto index; above 2 so the variance (and the CV calibration) is finite. */
    alpha: bounded(2, 20, '(a Pareto index above 2 has a finite variance)', { above: true }).default(
      DEFAULT_TAIL_ALPHA,
    ),
  }),
  strictObject({ type: z.literal('lognormal') }),
]);

/** Probability of no cost in a year; below 0.95 so the non-zero part has people to scale. */
const ZeroProb = bounded(0, 0.95, '').refine((v) => v < 0.95, 'must be below 0.95');

export const Calibration = strictObject({
  /** Person-level coefficient of variation of annual cost: one value, or per segment id. Null: the default
   *  shape's CV (about 2.86). */
  cv: z
    .union([Cv, z.record(Id, Cv)])
    .nullable()
    .default(null),
  zeroProb: ZeroProb.default(DEFAULT_ZERO_PROB),
  /** Probability of no cost in the year for named segments (e.g. fitted by `pacs data calibrate`); segments not
   *  listed use `zeroProb`. */
  zeroProbBySegment: z.record(Id, ZeroProb).default({}),
  /** Body log-sd used when no CV is given. */
  sigma: bounded(0, 4, '(a log-sd)', { above: true }).default(DEFAULT_SIGMA),
  tail: TailOption.default({ type: 'pareto', mass: DEFAULT_TAIL_MASS, alpha: DEFAULT_TAIL_ALPHA }),
});

export const Shocks = strictObject({
  /** Demand/trend shock per service line: multiplicative lognormal factor, mean 1, log-sd `sd` (or per line),
   *  equicorrelated across lines with `correlation`, or a full correlation matrix over the in-scope lines. */
  trend: strictObject({
    sd: bounded(0, 1, '').default(0.02),
    sdByLine: z.record(Id, bounded(0, 1, '')).default({}),
    correlation: bounded(0, 1, '').default(0.5),
    correlationMatrix: z
      .array(z.array(bounded(-1, 1, '')).max(LIMITS.serviceLines))
      .max(LIMITS.serviceLines)
      .nullable()
      .default(null),
  }).default({ sd: 0.02, sdByLine: {}, correlation: 0.5, correlationMatrix: null }),
  /** Tariff / cost-uplift uncertainty: one multiplicative lognormal factor on every line, mean 1. */
  tariff: strictObject({ sd: bounded(0, 1, '').default(0.01) }).default({ sd: 0.01 }),
  /** Optional winter / epidemic scenario: with `probability`, the lines of the named categories cost
   *  (1 + uplift) more, uplift ~ Normal(mean, sd) floored at 0. */
  epidemic: strictObject({
    probability: UnitRate,
    mean: bounded(0, 2, '').default(0.05),
    sd: bounded(0, 2, '').default(0.02),
    categories: z
      .array(ServiceCategory)
      .min(1)
      .default(['acute_non_elective', 'urgent_care', 'community', 'prescribing']),
  })
    .nullable()
    .default(null),
});

export const AttainmentUncertainty = strictObject({
  /** Attainment of each measure: clamp(expected + sd x (sqrt(rho) Z0 + sqrt(1 - rho) Z_m), 0, 1). */
  sd: bounded(0, 1, '').default(0.1),
  correlation: UnitRate.default(0.5),
});

export const SimulationOptions = strictObject({
  trials: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(20_000_000, 'must be at most 20,000,000')
    .default(10_000),
  seed: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(Number.MAX_SAFE_INTEGER, 'must be at most 9,007,199,254,740,991')
    .default(1),
  /** Contract year simulated: its range is the scenario's, checked with the one contract-year rule (checkYear). */
  year: z.number().int('must be a whole number').default(1),
  /** fast: CLT bulk with skewness correction + explicit tail; person: every person drawn (validation). */
  method: z.enum(['fast', 'person']).default('fast'),
  workers: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(256, 'must be at most 256')
    .default(1),
  /** Expected in-scope spend as a multiple of the budget per segment (1 = the budget is the expected cost). */
  costRatio: bounded(0, 10, '(a multiple of the budget)', { above: true }).default(1),
  calibration: Calibration.default({
    cv: null,
    zeroProb: DEFAULT_ZERO_PROB,
    zeroProbBySegment: {},
    sigma: DEFAULT_SIGMA,
    tail: { type: 'pareto', mass: DEFAULT_TAIL_MASS, alpha: DEFAULT_TAIL_ALPHA },
  }),
  shocks: Shocks.default({
    trend: { sd: 0.02, sdByLine: {}, correlation: 0.5, correlationMatrix: null },
    tariff: { sd: 0.01 },
    epidemic: null,
  }),
  attainment: AttainmentUncertainty.default({ sd: 0.1, correlation: 0.5 }),
  /** Fast method: expected number of people, over the whole population, drawn one by one above the explicit
   *  threshold (everyone above the specific stop-loss attachment is drawn one by one while the attachment is not
   *  far below that threshold). */
  explicitTailMean: bounded(1, 10_000, 'people').default(16),
  /** Populations with fewer people than this are simulated person by person even with the fast method. */
  personLevelBelow: z.number().int().min(0).max(LIMITS.totalPersonYears).default(2000),
  histogramBins: z
    .number()
    .int('must be a whole number')
    .min(2, 'must be at least 2')
    .max(1000, 'must be at most 1,000')
    .default(40),
});
export type SimulationOptions = z.output<typeof SimulationOptions>;
export type SimulationOptionsInput = z.input<typeof SimulationOptions>;

export function parseSimulationOptions(input: unknown): SimulationOptions {
  return parseWith(SimulationOptions, input ?? {});
}
