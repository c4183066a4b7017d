import { DomainError } from '../base/index.ts';
import type { Threshold } from '../scenario/index.ts';

/** One row of the 42 CFR 425.604(b) minimum savings rate table (capitation-method.md §3.1) [R]: the MSR falls
 *  linearly from `lo` at `from` assigned beneficiaries to `hi` at `to`. */
interface MsrBand {
  from: number;
  to: number;
  lo: number;
  hi: number;
}

/** The table as data, so a corrected or updated table is a data change. The 60,000+ row is flat at 2.0%. */
export const MSSP_MSR_TABLE: readonly MsrBand[] = [
  { from: 5_000, to: 5_999, lo: 0.039, hi: 0.036 },
  { from: 6_000, to: 6_999, lo: 0.036, hi: 0.034 },
  { from: 7_000, to: 7_999, lo: 0.034, hi: 0.032 },
  { from: 8_000, to: 8_999, lo: 0.032, hi: 0.031 },
  { from: 9_000, to: 9_999, lo: 0.031, hi: 0.03 },
  { from: 10_000, to: 14_999, lo: 0.03, hi: 0.027 },
  { from: 15_000, to: 19_999, lo: 0.027, hi: 0.025 },
  { from: 20_000, to: 49_999, lo: 0.025, hi: 0.022 },
  { from: 50_000, to: 59_999, lo: 0.022, hi: 0.02 },
];

/** MSR from 60,000 assigned beneficiaries up (the table's floor). */
export const MSSP_MSR_FLOOR = 0.02;

/** Below 5,000 the table has no row (MSSP requires >= 5,000 beneficiaries, U2). NHS neighbourhoods can be smaller,
 *  so we hold the 5,000 value rather than extrapolate: extrapolation would invent a number the rule never gives. */
export const MSSP_MSR_BELOW_TABLE = 0.039;

// The table unpacked into typed arrays once: msspMsr runs inside Monte Carlo loops.
const ROWS = MSSP_MSR_TABLE.length;
const FROM = Float64Array.from(MSSP_MSR_TABLE, (b) => b.from);
const NEXT = Float64Array.from(MSSP_MSR_TABLE, (b) => b.to + 1);
const SPAN = Float64Array.from(MSSP_MSR_TABLE, (b) => b.to - b.from);
const LO = Float64Array.from(MSSP_MSR_TABLE, (b) => b.lo);
const DROP = Float64Array.from(MSSP_MSR_TABLE, (b) => b.hi - b.lo);

/** MSSP table MSR for N person-years. Person-years are fractional: N between a band's `to` (e.g. 5,999) and the
 *  next band's `from` (6,000) takes the band's `hi`, which is also the next band's `lo`, so the curve is continuous
 *  and non-increasing. */
export function msspMsr(n: number): number {
  if (n < 5_000) return MSSP_MSR_BELOW_TABLE;
  for (let j = 0; j < ROWS; j++) {
    if (n < NEXT[j]!) return Math.min(1, (n - FROM[j]!) / SPAN[j]!) * DROP[j]! + LO[j]!;
  }
  return MSSP_MSR_FLOOR;
}

/** The threshold (minimum savings / loss rate) on one side of the corridor, as a rate of the benchmark (B10.1, B10.7).
 *  `normal_variation` with N = 0 gives +Infinity: no result on a population of nobody is ever outside normal
 *  variation. */
export function thresholdRate(threshold: Threshold, personYears: number): number {
  if (threshold.type === 'fixed') return threshold.rate;
  if (!(personYears >= 0))
    throw new DomainError('personYears', `must be a non-negative number, got ${personYears}`);
  if (threshold.type === 'mssp_table') return msspMsr(personYears);
  return Math.max(threshold.floor, (threshold.z * threshold.cv) / Math.sqrt(personYears));
}
