/* Summary statistics of per-trial outcomes, each with its Monte Carlo standard error. Computed from the complete
 * per-trial arrays in trial order, so a run gives the same figures however it was split into chunks. */

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

/** A sorted copy of `values`, ascending, in the order Float64Array.prototype.sort gives (-0 before +0; no NaN
 *  expected): an LSD radix sort on the IEEE-754 bits (sign-flipped so unsigned order is numeric order), four
 *  passes of 16-bit digits. 1,000,000 outcomes in ~40 ms against ~300 ms for the built-in sort. */
export function sortedCopy(values: Float64Array): Float64Array {
  const n = values.length;
  let src = Float64Array.from(values);
  if (n < 2048) return src.sort();
  let dst = new Float64Array(n);
  const counts = new Uint32Array(4 * 65536);
  const words = new Uint32Array(src.buffer, 0, 2 * n);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]!;
    const m = hi >> 31;
    const lo = (words[2 * i]! ^ m) >>> 0;
    const h = (hi ^ (m | 0x80000000)) >>> 0;
    counts[lo & 0xffff]!++;
    counts[65536 + (lo >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    // A digit every value shares needs no pass.
    let skip = false;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      if (c === n) skip = true;
      if (c !== 0) break;
    }
    if (skip) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    const w = new Uint32Array(src.buffer, 0, 2 * n);
    const word = pass >> 1; // 0: low word, 1: high word
    const shift = (pass & 1) * 16;
    const signBit = word === 1 ? 0x80000000 : 0;
    for (let i = 0; i < n; i++) {
      const m = (w[2 * i + 1]! >> 31) | signBit;
      const digit = ((w[2 * i + word]! ^ m) >>> shift) & 0xffff;
      dst[counts[base + digit]!++] = src[i]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** Proportion with its binomial standard error. */
export function proportion(hits: number, n: number): Estimate {
  const p = hits / n;
  return { value: p, se: Math.sqrt((p * (1 - p)) / n) };
}

/** Sample quantile of a sorted array (Hyndman-Fan type 7: linear interpolation between order statistics). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Quantile with a distribution-free standard error: half the distance between the order statistics at ranks
 *  n p -/+ sqrt(n p (1 - p)) (the binomial 68% interval of the quantile). */
export function quantileEstimate(sorted: Float64Array, p: number): Estimate {
  const n = sorted.length;
  const half = Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(n * p - half));
  const hi = Math.min(n - 1, Math.ceil(n * p + half));
  return { value: quantileSorted(sorted, p), se: (sorted[hi]! - sorted[lo]!) / 2 };
}

/** TVaR at level a (positive = loss) with the asymptotic standard error of the tail-mean estimator,
 *  sqrt((Var(tail) + a (TVaR - VaR)^2) / (n (1 - a))). */
function tvarEstimate(sorted: Float64Array, a: number, varA: number): Estimate {
  const n = sorted.length;
  const k = Math.max(1, Math.ceil(n * (1 - a) - 1e-9)); // 1 - 0.95 is 0.05000000000000004
  let sum = 0;
  for (let i = 0; i < k; i++) sum += sorted[i]!;
  const tvar = -sum / k;
  let ss = 0;
  for (let i = 0; i < k; i++) {
    const d = -sorted[i]! - tvar;
    ss += d * d;
  }
  const v = k > 1 ? ss / (k - 1) : 0;
  return { value: tvar, se: Math.sqrt((v + a * (tvar - varA) ** 2) / (n * (1 - a))) };
}

/** Equal-width bins between the 0.1% and 99.9% percentiles (so a heavy tail does not squeeze the chart into one
 *  bar); the first and last bins also hold the outcomes beyond them, and their `from` / `to` are the min / max. */
export function histogram(sorted: Float64Array, bins: number): HistogramBin[] {
  const n = sorted.length;
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  const lo = quantileSorted(sorted, 0.001);
  const hi = quantileSorted(sorted, 0.999);
  if (!(hi > lo)) return [{ from: min, to: max, count: n, share: 1 }];
  const width = (hi - lo) / bins;
  // The data are sorted: each bin's count is the distance between the first values at or past its edges, found
  // by binary search (the edge test is the per-value rule floor((v - lo) / width) >= b, so counts match a pass).
  const counts = new Array<number>(bins).fill(0);
  const binOf = (v: number) => Math.max(0, Math.min(bins - 1, Math.floor((v - lo) / width)));
  let start = 0;
  for (let b = 0; b < bins; b++) {
    let a = start;
    let z = n;
    while (a < z) {
      const mid = (a + z) >>> 1;
      if (binOf(sorted[mid]!) > b) z = mid;
      else a = mid + 1;
    }
    counts[b] = a - start;
    start = a;
  }
  return counts.map((count, b) => ({
    from: b === 0 ? min : lo + b * width,
    to: b === bins - 1 ? max : lo + (b + 1) * width,
    count,
    share: count / n,
  }));
}

/** Full summary of one party's outcomes (positive = gain). `sorted`, when given, is `values` sorted ascending. */
export function summarize(values: Float64Array, bins: number, sorted?: Float64Array): DistributionSummary {
  const n = values.length;
  let sum = 0;
  let losses = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i]!;
    if (values[i]! < 0) losses++;
  }
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  const variance = n > 1 ? m2 / (n - 1) : 0;
  const sd = Math.sqrt(variance);
  const mu4 = m4 / n;
  const sdSe = sd > 0 ? Math.sqrt(Math.max(0, mu4 - (m2 / n) ** 2) / n) / (2 * sd) : 0;
  sorted ??= sortedCopy(values);
  const var95 = quantileEstimate(sorted, 0.05);
  const var99 = quantileEstimate(sorted, 0.01);
  const v95 = { value: -var95.value || 0, se: var95.se };
  const v99 = { value: -var99.value || 0, se: var99.se };
  return {
    mean: { value: mean, se: sd / Math.sqrt(n) },
    sd: { value: sd, se: sdSe },
    min: sorted[0]!,
    max: sorted[n - 1]!,
    percentiles: PERCENTILES.map((p) => ({ p, ...quantileEstimate(sorted, p) })),
    pLoss: proportion(losses, n),
    var95: v95,
    var99: v99,
    tvar95: tvarEstimate(sorted, 0.95, v95.value),
    tvar99: tvarEstimate(sorted, 0.99, v99.value),
    histogram: histogram(sorted, bins),
  };
}
