import * as z from 'zod';

/** Identifier used to cross-reference parts of a scenario (practices, segments, lines, providers). */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : - only');

/* Bounds. Every amount, population and rate has one: realistic for any NHS contract with wide margins, and small
 * enough that no calculation can overflow. The worst case allowed, 70 million person-years at £1,000,000 per
 * person per year on 200 lines, compounded at +100% a year for 15 years on uplift, demand and population, is about
 * 1e35 GBP, far inside a double (about 1.8e308), and so are its squares in the simulation. Documented in
 * docs/scenario-model.md ("Bounds"), whose table a test keeps in step with these numbers. */
export const LIMITS = {
  /** Person-years of one practice in one segment, or of one exclusion (England's largest ICB: ~3.2 million). */
  personYears: 10_000_000,
  /** Registered person-years of a whole scenario (England's GP lists: ~63 million). */
  totalPersonYears: 70_000_000,
  /** GBP per person per year of one service line in one segment. */
  pppy: 1_000_000,
  /** A sum of money in GBP: a deficit, actual spend, revenue, a layer of aggregate cover (NHS England's budget is
   *  about £190 billion a year). */
  amount: 1_000_000_000_000,
  /** One patient's annual cost in GBP: a stop-loss attachment or layer, a high-cost patient's cost. */
  patientCost: 100_000_000,
  /** A yearly rate (cost uplift, efficiency, demand or population growth): from -50% to +100% a year. */
  rateMin: -0.5,
  rateMax: 1,
  /** An efficiency requirement: at most 50% a year (100% would leave nothing to pay for). */
  efficiencyMax: 0.5,
  /** Relative indices (need index, practice cost index, normalisation factor): 1 is average. */
  indexMin: 0.01,
  index: 10,
  /** A practice's historical cost index on one service line (its spend over what the line's PPPY predicts): a small
   *  practice with one very costly patient on a rare line is tens of times the average, so wider than the indices. */
  costIndexMin: 0.001,
  costIndex: 1000,
  /** Person risk scores (CMS-HCC style, 1 = average). */
  riskScoreMin: 0.001,
  riskScore: 100,
  /** Ratios to the benchmark (corridor band bounds, aggregate stop-loss attachment): 10 = 1,000%. */
  ratio: 10,
  /** Price of one unit of activity (GBP) and units of activity a year (fixed + variable payment). */
  unitPrice: 10_000_000,
  activity: 1_000_000_000,
  /** Relative weights (custom distribution of a gain or loss). */
  weight: 1_000_000_000_000,
  /** Coefficients of a quality-linked loss rate and of a normal-variation threshold. */
  coefficient: 10,
  cv: 100,
  /** Lengths of the document's lists. */
  segments: 5_000,
  neighbourhoods: 1_000,
  practices: 10_000,
  providers: 200,
  serviceLines: 200,
  measures: 100,
  exclusions: 10_000,
  bands: 20,
  tiers: 100,
  highCostPatients: 1_000_000,
} as const;

/** "10,000,000" (the bounds as messages and the documentation write them). Grouped by hand, not with
 *  toLocaleString: its first call loads ICU's locale data, ~20 ms of a Lambda cold start spent on a comma. */
export const formatBound = (n: number): string =>
  Math.abs(n) >= 1000 ? String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ',') : String(n);

/** A finite number between `min` and `max`, with messages that state the bound and its unit. */
export function bounded(min: number, max: number, unit: string, options: { above?: boolean } = {}) {
  const u = unit ? ` ${unit}` : '';
  const number = z.number({ error: 'must be a number' }).finite('must be a finite number');
  return (
    options.above
      ? number.gt(min, `must be above ${formatBound(min)}${u}`)
      : number.min(min, `must be at least ${formatBound(min)}${u}`)
  ).max(max, `must be at most ${formatBound(max)}${u}`);
}

/** 0, or between `least` and `max`: a quantity that may be absent, and when present is not vanishingly small
 *  (a divisor that small would make ratios overflow). */
export function zeroOr(least: number, max: number, unit: string) {
  return bounded(0, max, unit).refine((v) => v === 0 || v >= least, {
    error: `must be 0 or at least ${least}${unit ? ` ${unit}` : ''}`,
  });
}

/** A rate as a decimal: 0.05 means 5% a year. */
export const Rate = bounded(LIMITS.rateMin, LIMITS.rateMax, '(a yearly rate: -0.5 is -50%, 1 is +100%)');
export const UnitRate = bounded(0, 1, '(a share: 1 is 100%)');
/** Money in GBP (pounds, not pence): 0, or from a penny. */
export const NonNegativeGbp = zeroOr(0.01, LIMITS.amount, 'GBP');
export const Gbp = NonNegativeGbp;
export const PatientCost = bounded(0, LIMITS.patientCost, 'GBP a patient a year');
/** Person-years: 0, or from 0.001 (about nine hours on a list). */
export const PersonYears = zeroOr(0.001, LIMITS.personYears, 'person-years');
/** GBP per person per year: 0, or from a hundredth of a penny. */
export const Pppy = zeroOr(0.0001, LIMITS.pppy, 'GBP per person per year');
/** Relative indices: from 0.01 to 10 (1 is average). */
export const Index = bounded(LIMITS.indexMin, LIMITS.index, '(1 is average)');
/** Historical cost index of a practice on a line: from 0.001 to 1,000 (1 is the line's PPPY). */
export const CostIndex = bounded(LIMITS.costIndexMin, LIMITS.costIndex, "(1 is the line's PPPY)");
/** Person risk scores: from 0.001 to 100 (1 is average). */
export const RiskScore = bounded(LIMITS.riskScoreMin, LIMITS.riskScore, '(a risk score, 1 is average)');

/** A per-year value of `rate`: one number for every contract year, or one per year (index 0 = contract year 1). */
function perYear(rate: z.ZodType<number>, what: string, noun: string) {
  return z.union([rate, z.array(rate).min(1).max(15)], {
    // A number or an array: its own problem (a bound) says more than the union's.
    error: (issue) =>
      typeof issue.input === 'number' || Array.isArray(issue.input)
        ? undefined
        : `expected ${what} or an array with one ${noun} per contract year`,
  });
}
export const PerYear = perYear(Rate, 'a rate (a number such as 0.05)', 'rate');
export type PerYear = z.infer<typeof PerYear>;
/** Efficiency requirements: up to 50% a year (a negative one is a cost increase, down to -50%). */
export const EfficiencyPerYear = perYear(
  bounded(LIMITS.rateMin, LIMITS.efficiencyMax, '(a yearly rate: 0.5 is 50%)'),
  'a rate (a number such as 0.02)',
  'rate',
);
/** A share for each contract year (convergence alpha): one number or one per year, each 0-1. */
export const UnitPerYear = perYear(UnitRate, 'a share (a number from 0 to 1)', 'share');
