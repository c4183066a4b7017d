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
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.max(0, Math.min(bins - 1, Math.floor((sorted[i]! - lo) / width)));
    counts[b]! += 1;
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
  sorted ??= Float64Array.from(values).sort();
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
