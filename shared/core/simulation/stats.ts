/* Summary statistics of per-trial outcomes, each with its Monte Carlo standard error. Computed from the complete
 * per-trial arrays in trial order, so a run gives the same figures however it was split into chunks. */

import {
  binCounts,
  histogramCounts,
  momentsAndTails,
  pickBins,
  sumAndLosses,
  tailSpread,
  takeSample,
} from './passes.ts';

export interface Estimate {
  value: number;
  /** Monte Carlo standard error. */
  se: number;
}

export interface PercentileEstimate extends Estimate {
  p: number;
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
  /** count / trials. */
  share: number;
}

export interface DistributionSummary {
  mean: Estimate;
  sd: Estimate;
  min: number;
  max: number;
  percentiles: PercentileEstimate[];
  /** P(result < 0). */
  pLoss: Estimate;
  /** Value at risk and tail value at risk as positive losses: VaR_a = -Q(1 - a), TVaR_a = -mean of the worst
   *  ceil(n (1 - a)) outcomes. */
  var95: Estimate;
  var99: Estimate;
  tvar95: Estimate;
  tvar99: Estimate;
  /** Chart-ready bins (see `histogram`). */
  histogram: HistogramBin[];
}

export const PERCENTILES = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99] as const;

/** Monotone 64-bit keys of IEEE doubles (the order Float64Array.prototype.sort gives: -0 before +0; no NaN
 *  expected), as two 32-bit halves: the sign bit flipped for positives, every bit flipped for negatives. */
function keyHi(hi: number): number {
  return (hi ^ ((hi >> 31) | 0x80000000)) >>> 0;
}
function keyLo(hi: number, lo: number): number {
  return (lo ^ (hi >> 31)) >>> 0;
}

/** The 16-bit digit `level` (0 = the most significant) of value i's key. */
function digit(words: Uint32Array, i: number, level: number): number {
  const hi = words[2 * i + 1]!;
  const k = level < 2 ? keyHi(hi) : keyLo(hi, words[2 * i]!);
  return level % 2 === 0 ? k >>> 16 : k & 0xffff;
}

/** Below this many values a selection sorts a copy (the engine's native sort). */
const SORT_BELOW = 4096;
/** Histogram bins of the selection (a power of two: the bin of a value is a multiply and a truncation). */
const SELECT_BINS = 1 << 16;
/** Every SAMPLE_STEP-th value is sampled for the histogram's range. */
const SAMPLE_STEP = 64;

/** Order statistics without a sort: the values at the given 0-based ranks of `values` in ascending order (the
 *  order Float64Array.prototype.sort gives: -0 before +0; no NaN expected), exactly.
 *  A sorted sample (every 64th value) sets a range; one pass counts the values in 65,536 equal bins over it (the
 *  values outside it in the end bins), the counts say which bin holds each wanted rank, a second pass copies out
 *  only those bins' values, and each copy is sorted (a few hundred values each). The bin of a value is
 *  floor((v - lo) x scale), monotone in v, so every value of a bin is at least every value of the bins below it:
 *  the rank's value is the bin's sorted copy at rank - (values in lower bins). About two cheap passes over the
 *  data for a few dozen ranks (1,000,000 values: a few ms), and simple loops, so it is fast in a fresh process
 *  too. Data the bins cannot split (a range of zero width, a NaN, a bin holding most values) goes to the radix
 *  selection below, also exact. */
export function orderStatistics(values: Float64Array, ranks: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  const n = values.length;
  const wanted = [...new Set(ranks)].filter((r) => r >= 0 && r < n).sort((x, y) => x - y);
  if (wanted.length === 0) return out;
  if (n <= SORT_BELOW) {
    const sorted = Float64Array.from(values).sort();
    for (const r of wanted) out.set(r, sorted[r]!);
    return out;
  }
  const m = Math.floor(n / SAMPLE_STEP);
  const sample = new Float64Array(m);
  takeSample(values, SAMPLE_STEP, sample);
  sample.sort();
  const lo = sample[1]!;
  const scale = SELECT_BINS / (sample[m - 2]! - lo);
  if (!(scale > 0 && scale < Number.POSITIVE_INFINITY)) return radixSelect(values, wanted);
  // Pass 1: the bins' counts (a NaN, which has no bin, sends the data to the radix selection).
  const counts = new Int32Array(SELECT_BINS);
  if (binCounts(values, lo, scale, counts) > 0) return radixSelect(values, wanted);
  // The bins holding the wanted ranks: slot per bin (-1: not wanted), each slot's values below it and its size.
  const slotOf = new Int32Array(SELECT_BINS).fill(-1);
  const base: number[] = [];
  const start: number[] = [];
  const ranksOf: number[][] = [];
  let below = 0;
  let size = 0;
  for (let b = 0, w = 0; b < SELECT_BINS && w < wanted.length; b++) {
    const c = counts[b]!;
    while (w < wanted.length && wanted[w]! < below + c) {
      if (slotOf[b]! < 0) {
        slotOf[b] = base.length;
        base.push(below);
        start.push(size);
        ranksOf.push([]);
        size += c;
      }
      ranksOf[slotOf[b]!]!.push(wanted[w]!);
      w++;
    }
    below += c;
  }
  if (size > n / 4) return radixSelect(values, wanted);
  // Pass 2: the wanted bins' values, bin by bin.
  const picked = new Float64Array(size);
  const fill = Int32Array.from(start);
  pickBins(values, lo, scale, slotOf, fill, picked);
  ranksOf.forEach((rs, slot) => {
    const bin = picked.subarray(start[slot]!, fill[slot]!);
    bin.sort();
    for (const r of rs) out.set(r, bin[r - base[slot]!]!);
  });
  return out;
}

/** Order statistics by a most-significant-digit radix selection on the keys (16-bit digits): each level counts
 *  the digits of the candidates (one pass over them), keeps only the buckets that hold a wanted rank, and goes one
 *  digit down; fewer than 2,048 candidates are sorted. The fallback of orderStatistics for data its bins cannot
 *  split. `wanted`: ascending ranks in [0, n). */
function radixSelect(values: Float64Array, wanted: number[]): Map<number, number> {
  const out = new Map<number, number>();
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const counts = new Uint32Array(65536);
  // candidates: indices into `values`; base: how many values rank below every candidate.
  const stack: { candidates: Int32Array; base: number; level: number; ranks: number[] }[] = [
    { candidates: all, base: 0, level: 0, ranks: wanted },
  ];
  while (stack.length > 0) {
    const { candidates, base, level, ranks: want } = stack.pop()!;
    const m = candidates.length;
    if (m <= 2048 || level === 4) {
      const v = new Float64Array(m);
      for (let j = 0; j < m; j++) v[j] = values[candidates[j]!]!;
      v.sort();
      for (const r of want) out.set(r, v[r - base]!);
      continue;
    }
    counts.fill(0);
    for (let j = 0; j < m; j++) counts[digit(words, candidates[j]!, level)]!++;
    // The buckets holding the wanted ranks, with how many candidates rank below each.
    const buckets = new Map<number, { below: number; ranks: number[] }>();
    let below = 0;
    let w = 0;
    for (let d = 0; d < 65536 && w < want.length; d++) {
      const c = counts[d]!;
      while (w < want.length && want[w]! - base < below + c) {
        let b = buckets.get(d);
        if (b === undefined) {
          b = { below: base + below, ranks: [] };
          buckets.set(d, b);
        }
        b.ranks.push(want[w]!);
        w++;
      }
      below += c;
    }
    const keep = new Int32Array(65536).fill(-1);
    const sizes: number[] = [];
    const order: number[] = [];
    for (const d of buckets.keys()) {
      keep[d] = order.length;
      order.push(d);
      sizes.push(counts[d]!);
    }
    const next = sizes.map((size) => new Int32Array(size));
    const fill = new Array<number>(order.length).fill(0);
    for (let j = 0; j < m; j++) {
      const i = candidates[j]!;
      const slot = keep[digit(words, i, level)]!;
      if (slot >= 0) next[slot]![fill[slot]!++] = i;
    }
    order.forEach((d, slot) => {
      const b = buckets.get(d)!;
      stack.push({ candidates: next[slot]!, base: b.below, level: level + 1, ranks: b.ranks });
    });
  }
  return out;
}

/** Proportion with its binomial standard error. */
export function proportion(hits: number, n: number): Estimate {
  const p = hits / n;
  return { value: p, se: Math.sqrt((p * (1 - p)) / n) };
}

/** Sample quantile of a sorted array (Hyndman-Fan type 7: linear interpolation between order statistics). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  return quantileOf(n, p, (r) => sorted[r]!);
}

/** Type-7 quantile from the order statistics `at(rank)`. */
function quantileOf(n: number, p: number, at: (rank: number) => number): number {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return at(lo) + (h - lo) * (at(hi) - at(lo));
}

/** The ranks quantileOf(p) reads, and the two of its standard error. */
function quantileRanks(n: number, p: number): number[] {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const half = Math.sqrt(n * p * (1 - p));
  return [
    lo,
    Math.min(n - 1, lo + 1),
    Math.max(0, Math.floor(n * p - half)),
    Math.min(n - 1, Math.ceil(n * p + half)),
  ];
}

/** Quantile with a distribution-free standard error: half the distance between the order statistics at ranks
 *  n p -/+ sqrt(n p (1 - p)) (the binomial 68% interval of the quantile). */
function quantileEstimate(n: number, p: number, at: (rank: number) => number): Estimate {
  const [, , lo, hi] = quantileRanks(n, p);
  return { value: quantileOf(n, p, at), se: (at(hi!) - at(lo!)) / 2 };
}

/** Number of worst outcomes in the tail at level a: ceil(n (1 - a)), at least 1. */
function tailCount(n: number, a: number): number {
  return Math.max(1, Math.ceil(n * (1 - a) - 1e-9)); // 1 - 0.95 is 0.05000000000000004
}

/** The order statistics a summary reads (see summarize), to be shared by every summary of scaled values. */
export function summaryRanks(n: number): number[] {
  const ranks = [0, n - 1, tailCount(n, 0.95) - 1, tailCount(n, 0.99) - 1];
  for (const p of [...PERCENTILES, 0.001, 0.999]) ranks.push(...quantileRanks(n, p));
  return ranks;
}

/** Full summary of one party's outcomes (positive = gain): of `values`, or of scale x values (scale >= 0: a
 *  member's theta_k x the providers' outcomes, computed as memberShare does, without a copy). `ranked` holds the
 *  order statistics of `values` at summaryRanks(n) when the caller has them already (the same ones serve every
 *  scale: scaling by theta_k >= 0 keeps the order). Sums run in trial order: the summary is the same however the
 *  run was cut into chunks. */
export function summarize(
  values: Float64Array,
  bins: number,
  scale = 1,
  ranked: Map<number, number> = orderStatistics(values, summaryRanks(values.length)),
): DistributionSummary {
  const n = values.length;
  const at = (r: number) => scale * ranked.get(r)!;
  const out = new Float64Array(6);
  // Pass 1: the mean and the losses.
  sumAndLosses(values, scale, out);
  const mean = out[0]! / n;
  const losses = out[1]!;
  // Pass 2: central moments; the tails at 95% and 99% (TVaR: minus the mean of the k = ceil(n (1 - a)) worst
  // outcomes: the values below the k-th smallest, t, and as many copies of t as complete k); the histogram.
  const k95 = tailCount(n, 0.95);
  const k99 = tailCount(n, 0.99);
  const t95 = at(k95 - 1);
  const t99 = at(k99 - 1);
  const min = at(0);
  const max = at(n - 1);
  const lo = quantileOf(n, 0.001, at);
  const hi = quantileOf(n, 0.999, at);
  const width = (hi - lo) / bins;
  // The end bins hold the tails; counts[bins] takes a NaN (none expected). The values below t95, in trial order
  // (fewer than k95 of them), are kept for pass 3.
  const counts = new Int32Array(bins + 1);
  const tail = new Float64Array(k95);
  momentsAndTails(values, scale, mean, t95, t99, tail, out);
  histogramCounts(values, scale, lo, width, counts);
  const m2 = out[0]!;
  const m4 = out[1]!;
  const sum95 = out[2]!;
  const below95 = out[3]!;
  const sum99 = out[4]!;
  const below99 = out[5]!;
  const variance = n > 1 ? m2 / (n - 1) : 0;
  const sd = Math.sqrt(variance);
  const mu4 = m4 / n;
  const sdSe = sd > 0 ? Math.sqrt(Math.max(0, mu4 - (m2 / n) ** 2) / n) / (2 * sd) : 0;
  const var95 = quantileEstimate(n, 0.05, at);
  const var99 = quantileEstimate(n, 0.01, at);
  const v95 = { value: -var95.value || 0, se: var95.se };
  const v99 = { value: -var99.value || 0, se: var99.se };
  const tvar95 = -(sum95 + (k95 - below95) * t95) / k95;
  const tvar99 = -(sum99 + (k99 - below99) * t99) / k99;
  // Pass 3: the tails' spread, for TVaR's standard error sqrt((Var(tail) + a (TVaR - VaR)^2) / (n (1 - a))), over
  // the values below t95 kept by pass 2 (the same values in the same order as a pass over all of them).
  tailSpread(tail, below95, t99, tvar95, tvar99, out);
  const ss95 = out[0]!;
  const ss99 = out[1]!;
  const tvarEstimate = (
    a: number,
    k: number,
    t: number,
    below: number,
    ss: number,
    tvar: number,
    varA: number,
  ) => {
    const d = -t - tvar;
    const v = k > 1 ? (ss + (k - below) * d * d) / (k - 1) : 0;
    return { value: tvar, se: Math.sqrt((v + a * (tvar - varA) ** 2) / (n * (1 - a))) };
  };
  return {
    mean: { value: mean, se: sd / Math.sqrt(n) },
    sd: { value: sd, se: sdSe },
    min,
    max,
    percentiles: PERCENTILES.map((p) => ({ p, ...quantileEstimate(n, p, at) })),
    pLoss: proportion(losses, n),
    var95: v95,
    var99: v99,
    tvar95: tvarEstimate(0.95, k95, t95, below95, ss95, tvar95, v95.value),
    tvar99: tvarEstimate(0.99, k99, t99, below99, ss99, tvar99, v99.value),
    histogram:
      hi > lo
        ? Array.from(counts.subarray(0, bins), (count, b) => ({
            from: b === 0 ? min : lo + b * width,
            to: b === bins - 1 ? max : lo + (b + 1) * width,
            count,
            share: count / n,
          }))
        : [{ from: min, to: max, count: n, share: 1 }],
  };
}
