import * as z from 'zod';
import { strictObject } from '../base/index.ts';

/* Small-number disclosure control (NHS statistical disclosure control as NHS England publishes HES: counts of 1-7
 * suppressed, other counts rounded to the nearest 5). Every count that leaves the profiler passes through one
 * Disclosure object, which records each suppressed cell (table and key, never the value), so the profile lists
 * what it withheld. A figure derived from a small group of people (a cost per person, a CV, a percentile with few
 * people above it) is withheld with the count it rests on. */

export const DisclosureRule = strictObject({
  /** Counts from 1 to suppressBelow - 1 are withheld (8: counts 1-7). 1 switches suppression off. */
  suppressBelow: z.number().int().min(1).max(1000).default(8),
  /** Published counts are rounded to a multiple of this (5); person-years written into a scenario use controlled
   *  rounding to it within each practice. 1: unrounded. */
  roundTo: z.number().int().min(1).max(100).default(5),
}).superRefine((r, ctx) => {
  if (r.suppressBelow > 1 && r.roundTo < 2)
    ctx.addIssue({
      code: 'custom',
      path: ['roundTo'],
      message:
        'must be 2 or more while suppression is on: practice person-years in a scenario are protected by rounding (use suppressBelow 1 to switch disclosure control off)',
    });
});
export type DisclosureRule = z.output<typeof DisclosureRule>;

export const DEFAULT_DISCLOSURE: DisclosureRule = { suppressBelow: 8, roundTo: 5 };

export interface SuppressedCell {
  table: string;
  key: string;
  /** Why: which count was small, e.g. "people 1-7". */
  reason: string;
}

export class Disclosure {
  readonly suppressed: SuppressedCell[] = [];

  constructor(readonly rule: DisclosureRule) {}

  /** A count of people (or events) is small if it is 1 .. suppressBelow-1. Zero is not small: nobody to disclose. */
  isSmall(count: number): boolean {
    return count > 0 && count < this.rule.suppressBelow;
  }

  /** Records a withheld cell. */
  withhold(table: string, key: string, reason: string): void {
    this.suppressed.push({ table, key, reason });
  }

  /** The published form of a count: null (withheld, recorded) if small, else rounded to `roundTo`. */
  count(value: number, table: string, key: string, what = 'count'): number | null {
    if (this.isSmall(value)) {
      this.withhold(table, key, `${what} below ${this.rule.suppressBelow}`);
      return null;
    }
    return roundTo(value, this.rule.roundTo);
  }

  /** A figure resting on `base` people: itself if base is not small, else null (recorded). */
  derived<T>(value: T, base: number, table: string, key: string, what = 'people'): T | null {
    if (this.isSmall(base)) {
      this.withhold(table, key, `${what} below ${this.rule.suppressBelow}`);
      return null;
    }
    return value;
  }

  /** Summary per table: number of cells withheld. */
  summary(): { table: string; cells: number }[] {
    const counts = new Map<string, number>();
    for (const s of this.suppressed) counts.set(s.table, (counts.get(s.table) ?? 0) + 1);
    return [...counts.entries()].map(([table, cells]) => ({ table, cells }));
  }
}

/** Nearest multiple of `base` (half away from zero); base 1 leaves integers alone but keeps fractions. */
export function roundTo(value: number, base: number): number {
  if (base <= 1) return value;
  return Math.sign(value) * Math.round(Math.abs(value) / base) * base;
}

/** Unbiased controlled rounding: each value to a multiple of `base`, rounded up or down so that (1) the rounded
 *  values add up to the total rounded to `base`, and (2) each value's expected rounded value is itself (systematic
 *  rounding of the fractional parts from one offset in [0, 1)). The offset comes from `key` (e.g. the practice code),
 *  so the result is deterministic. A budget built from rounded person-years is then unbiased, where rounding each
 *  cell to the nearest multiple would drop small, often costly, cells systematically. */
export function controlledRound(values: readonly number[], base: number, key = ''): number[] {
  if (base <= 1) return values.slice();
  const units = values.map((v) => v / base);
  const floors = units.map((u) => Math.floor(u + 1e-12));
  const fractions = units.map((u, i) => Math.max(0, u - floors[i]!));
  const total = fractions.reduce((a, v) => a + v, 0);
  // Make the total of fractions an integer so the sum is preserved exactly: the rounded total.
  const target = Math.round(units.reduce((a, v) => a + v, 0)) - floors.reduce((a, v) => a + v, 0);
  const scale = total > 0 ? target / total : 0;
  const offset = hashUnit(key);
  let cumulative = 0;
  const out = floors.slice();
  fractions.forEach((f, i) => {
    const next = cumulative + f * scale;
    // Round up by the number of points offset + k (k = 0, 1, ...) in this cell's stretch of the cumulative sum.
    out[i]! += Math.floor(next - offset + 1e-9) - Math.floor(cumulative - offset + 1e-9);
    cumulative = next;
  });
  return out.map((u) => u * base);
}

/** A number in [0, 1) from a string (FNV-1a), for deterministic rounding offsets. */
function hashUnit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 4294967296;
}
