import * as z from 'zod';

/** Identifier used to cross-reference parts of a scenario (practices, segments, lines, providers). */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits and _ . : - only');

/** A rate as a decimal: 0.05 means 5%. */
export const Rate = z.number().finite();
export const UnitRate = z.number().finite().min(0).max(1);
/** Money in GBP (pounds, not pence). */
export const Gbp = z.number().finite();
export const NonNegativeGbp = z.number().finite().min(0);

/** A per-year value: one number for every contract year, or one per year (index 0 = contract year 1). */
export const PerYear = z.union([Rate, z.array(Rate).min(1)], {
  error: 'expected a rate (a number such as 0.05) or an array with one rate per contract year',
});
export type PerYear = z.infer<typeof PerYear>;
