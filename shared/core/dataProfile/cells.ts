import type { SegmentLineYearAggregate, SegmentYearAggregate } from './aggregates.ts';
import { type SegmentKey, keyString, within } from './segmentation.ts';

/* Sums of segment cells over coarser groups: every count and amount of a cell is additive across cells (a person
 * is in one segment in a year), so any group's figures are sums of its cells. */

export interface Totals {
  people: number;
  personYears: number;
  spend: number;
  events: number;
  zeroPersonYears: number;
  sumSquares: number;
}

export const emptyTotals = (): Totals => ({
  people: 0,
  personYears: 0,
  spend: 0,
  events: 0,
  zeroPersonYears: 0,
  sumSquares: 0,
});

export function addTotals(t: Totals, r: SegmentYearAggregate | Totals): void {
  t.people += r.people;
  t.personYears += r.personYears;
  t.spend += r.spend;
  t.events += r.events;
  t.zeroPersonYears += r.zeroPersonYears;
  t.sumSquares += r.sumSquares;
}

export function totalsWithin(rows: readonly SegmentYearAggregate[], group: SegmentKey): Totals {
  const t = emptyTotals();
  for (const r of rows) if (within(r.key, group)) addTotals(t, r);
  return t;
}

export interface LineTotals {
  users: number;
  events: number;
  spend: number;
}

export function lineTotalsWithin(
  rows: readonly SegmentLineYearAggregate[],
  line: string,
  group: SegmentKey,
): LineTotals {
  const t = { users: 0, events: 0, spend: 0 };
  for (const r of rows)
    if (r.line === line && within(r.key, group)) {
      t.users += r.users;
      t.events += r.events;
      t.spend += r.spend;
    }
  return t;
}

/** Rows of one year indexed by segment key. */
export function bySegment<T extends { key: SegmentKey }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [keyString(r.key), r]));
}

/** Rows of one year indexed by segment key and line. */
export function bySegmentLine(
  rows: readonly SegmentLineYearAggregate[],
): Map<string, SegmentLineYearAggregate> {
  return new Map(rows.map((r) => [`${keyString(r.key)}#${r.line}`, r]));
}

/** The key with level of need pooled (the demographic segment). */
export const demographic = (k: SegmentKey): SegmentKey => ({ ...k, need: null });

/** Person-year-weighted coefficient of variation of annualised cost from the cell sums. */
export function cvOfTotals(t: Totals): number | null {
  if (!(t.personYears > 0) || !(t.spend > 0)) return null;
  const mean = t.spend / t.personYears;
  const variance = t.sumSquares / t.personYears - mean * mean;
  return Math.sqrt(Math.max(variance, 0)) / mean;
}
