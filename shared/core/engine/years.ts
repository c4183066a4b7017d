import type { PerYear } from '../scenario/index.ts';

/** Value of a per-year parameter in contract year y (1-based); year 0 (the base year) has no change. */
export function rateInYear(value: PerYear | undefined, year: number, fallback = 0): number {
  if (value === undefined || year < 1) return fallback;
  if (typeof value === 'number') return value;
  return value[year - 1] ?? fallback;
}

/** NHS financial-year label of contract year y, e.g. base "2025/26", y = 2 -> "2027/28". */
export function yearLabel(baseYear: string, year: number): string {
  const start = Number(baseYear.slice(0, 4)) + year;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}
