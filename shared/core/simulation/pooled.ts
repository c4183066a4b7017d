import { type CostDistribution, partialMoment, survival } from './costModel.ts';
import type { SegmentModel } from './segmentModel.ts';

/* The fast method, pooled over segments (capitation-method.md B11.1, "CLT for large N plus explicit simulation
 * of the high-cost tail"). One cost threshold T (GBP, before shocks) splits every person:
 * - above T (the explicit tail): exactly K_s ~ Binomial(n_s, p_s) people per segment, p_s = P_s(C > T), each with
 *   a cost drawn from that segment's tail: exact per person, so the specific stop-loss is exact for them. The
 *   binomials are drawn together by "Poisson hits": H ~ Poisson(sum_s n_s q_s), q_s = -ln(1 - p_s), hits fall on
 *   segment s with probability proportional to n_s q_s (Walker alias table) and on one of its n_s people
 *   uniformly; the people hit at least once are the explicit ones (P(hit) = 1 - e^-q_s = p_s, independently);
 * - below T (the bulk): the sum over all segments of (n_s - K_s) independent costs, each scaled by its segment's
 *   shock multiplier M_s = sum_l w_sl F_l. Given the shocks and the explicit draws its mean and variance are exact
 *   (a linear and a quadratic form in the line multipliers F, less the explicit people's terms); its skewness
 *   (third cumulant scaled by the mean shock cubed) enters through a Cornish-Fisher term.
 * When the specific attachment A is far below T (large populations), people with A < M_s C <= T (the "mid band")
 * recover c x min(M_s C - A, limit) each: the pooled mean and variance of these recoveries, their covariance with
 * the bulk sum and the number of people are functions of M_s, expanded to second order around M_s = 1 per segment
 * and pooled by line (exact when the shocks are off; |M_s - 1| <= 0.25 uses the expansion, larger shocks compute
 * every segment directly). */

/** Moments of one bulk person's stop-loss recovery g = c x min(max(0, M C - A), limit), C below T (zeros
 *  included), for multiplier M: out = [E g, E g^2, E C g, P(M C > A)]. Closed forms from partial moments. */
export function midBandMoments(
  d: CostDistribution,
  threshold: number,
  pAbove: number,
  attachment: number,
  coinsurance: number,
  limit: number,
  mult: number,
  out: Float64Array,
): void {
  const q = threshold;
  const c = coinsurance;
  const A = attachment;
  const keep = 1 - pAbove;
  const a1 = A / mult;
  if (!(a1 < q)) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = 0;
    return;
  }
  const a2 = Math.min(q, (A + limit) / mult);
  const p0 = partialMoment(d, 0, a1, a2);
  const p1 = partialMoment(d, 1, a1, a2);
  const p2 = partialMoment(d, 2, a1, a2);
  let eg = c * (mult * p1 - A * p0);
  let eg2 = c * c * (mult * mult * p2 - 2 * A * mult * p1 + A * A * p0);
  let ecg = c * (mult * p2 - A * p1);
  let pm = p0;
  if (a2 < q) {
    const cap = c * limit;
    const r0 = partialMoment(d, 0, a2, q);
    const r1 = partialMoment(d, 1, a2, q);
    eg += cap * r0;
    eg2 += cap * cap * r0;
    ecg += cap * r1;
    pm += r0;
  }
  out[0] = eg / keep;
  out[1] = eg2 / keep;
  out[2] = ecg / keep;
  out[3] = pm / keep;
}

/** Number of mid-band functions: E g, Var g, M Cov(C, g), P(mid), P(mid)(1 - P(mid)). */
export const MID_FUNCTIONS = 5;
/** Largest |M_s - 1| for which the second-order expansion is used. */
export const TAYLOR_RANGE = 0.25;
const FD_STEP = 0.01;

/** The five mid-band functions of one bulk person at multiplier `mult` (out has MID_FUNCTIONS entries). */
export function midFunctions(
  d: CostDistribution,
  threshold: number,
  pAbove: number,
  bulkMean: number,
  attachment: number,
  coinsurance: number,
  limit: number,
  mult: number,
  tmp: Float64Array,
  out: Float64Array,
  offset: number,
): void {
  midBandMoments(d, threshold, pAbove, attachment, coinsurance, limit, mult, tmp);
  const e = tmp[0]!;
  const pm = tmp[3]!;
  out[offset] = e;
  out[offset + 1] = Math.max(0, tmp[1]! - e * e);
  out[offset + 2] = mult * (tmp[2]! - bulkMean * e);
  out[offset + 3] = pm;
  out[offset + 4] = pm * (1 - pm);
}

export interface MidTaylor {
  /** Pooled value at M = 1 of each function: sum_s n_s f_s(1). */
  f0: Float64Array;
  /** Pooled first-order terms by line: g1[k * L + l] = sum_s n_s f'_s(1) w_sl. */
  g1: Float64Array;
  /** Pooled second-order terms: G2[(k * L + l) * L + m] = sum_s n_s f''_s(1) / 2 w_sl w_sm. */
  G2: Float64Array;
  /** Per segment [f, f', f''/2] for each function: seg[(s * MID_FUNCTIONS + k) * 3 + j]. */
  seg: Float64Array;
}

export interface PooledModel {
  /** Explicit threshold T (GBP, before shocks). */
  threshold: number;
  /** Expected number of explicit people sum_s n_s p_s. */
  expectedExplicit: number;
  /** Poisson rate of hits sum_s n_s q_s, its CDF tabulated with a guide table (poissonTable), and the alias
   *  table over segments (weights n_s q_s). */
  hitRate: number;
  hitCdf: Float64Array;
  hitGuide: Int32Array;
  aliasProb: Float64Array;
  aliasIndex: Int32Array;
  /** Per segment: P(C > T), tail above T is Pareto (cost = T V^(-1/alpha)), 1/alpha. */
  pAbove: Float64Array;
  paretoAbove: Uint8Array;
  invAlpha: Float64Array;
  /** Per segment, one bulk person (C <= T): mean, variance. */
  bulkMean: Float64Array;
  bulkVar: Float64Array;
  /** Pooled bulk sums: mean by line a_l, variance form Q (L x L), third cumulant, mean without shocks. */
  meanByLine: Float64Array;
  varForm: Float64Array;
  thirdCumulant: number;
  mean0: number;
  /** Mid band expanded around M = 1 (attachment well below T), or null. */
  mid: MidTaylor | null;
  /** Without `mid`: the mid band is empty while every line multiplier is at most this (A / T). */
  midFreeUpTo: number;
}

/** Walker's alias table for sampling an index with probability proportional to weights. */
export function aliasTable(weights: readonly number[]): { prob: Float64Array; index: Int32Array } {
  const n = weights.length;
  const total = weights.reduce((a, w) => a + w, 0);
  const prob = new Float64Array(n);
  const index = new Int32Array(n);
  const scaled = weights.map((w) => (w * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((w, i) => (w < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s]!;
    index[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) {
    prob[i] = 1;
    index[i] = i;
  }
  return { prob, index };
}

/** The Poisson(rate) CDF up to rate + 12 sd + 20 (the rest, < 1e-30, goes to the last entry, set to exactly 1),
 *  and a guide table (Chen and Asau 1974): guide[j] = the smallest k with cdf[k] >= j / G. Inversion of a uniform u
 *  starts at guide[floor(u G)] and steps up while cdf[k] < u: about one comparison per draw at any rate. The
 *  probabilities are built from the mode outwards and normalised, so no e^-rate underflows at large rates. */
export function poissonTable(rate: number): { cdf: Float64Array; guide: Int32Array } {
  const mode = Math.floor(rate);
  const top = Math.ceil(rate + 12 * Math.sqrt(rate) + 20);
  const pmf = new Float64Array(top + 1);
  pmf[mode] = 1;
  for (let k = mode; k < top; k++) pmf[k + 1] = (pmf[k]! * rate) / (k + 1);
  for (let k = mode; k > 0; k--) pmf[k - 1] = (pmf[k]! * k) / rate;
  let total = 0;
  for (let k = 0; k <= top; k++) total += pmf[k]!;
  const cdf = new Float64Array(top + 1);
  let acc = 0;
  for (let k = 0; k <= top; k++) {
    acc += pmf[k]!;
    cdf[k] = acc / total;
  }
  cdf[top] = 1;
  const G = top + 1;
  const guide = new Int32Array(G);
  let k = 0;
  for (let j = 0; j < G; j++) {
    while (cdf[k]! < j / G) k++;
    guide[j] = k;
  }
  return { cdf, guide };
}

function expectedAbove(segments: readonly SegmentModel[], t: number): number {
  let e = 0;
  for (const s of segments) e += s.people * survival(s.dist, t);
  return e;
}

/** Precomputes the pooled fast method, or null when the population is too small for it (draw every person). */
export function buildPool(
  segments: readonly SegmentModel[],
  L: number,
  explicitMean: number,
  attachment: number,
  coinsurance: number,
  limit: number,
): PooledModel | null {
  const S = segments.length;
  let nonZero = 0;
  for (const s of segments) nonZero += s.people * (1 - s.dist.zeroProb);
  if (S === 0 || nonZero <= 4 * explicitMean) return null;
  // T_lambda: sum_s n_s P_s(C > T) = explicitMean, by bisection on log T.
  let lo = Math.log(Math.min(...segments.map((s) => s.mean)) * 1e-3);
  let hi = Math.log(Math.max(...segments.map((s) => s.mean)) * 1e9);
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (expectedAbove(segments, Math.exp(mid)) > explicitMean) lo = mid;
    else hi = mid;
  }
  const tLambda = Math.exp(hi);
  const taylor = attachment < Number.POSITIVE_INFINITY && tLambda >= attachment / 1.5;
  const T = taylor ? Math.max(tLambda, 1.5 * attachment) : tLambda;

  const pAbove = new Float64Array(S);
  const paretoAbove = new Uint8Array(S);
  const invAlpha = new Float64Array(S);
  const bulkMean = new Float64Array(S);
  const bulkVar = new Float64Array(S);
  const meanByLine = new Float64Array(L);
  const varForm = new Float64Array(L * L);
  let thirdCumulant = 0;
  let mean0 = 0;
  segments.forEach((seg, s) => {
    const d = seg.dist;
    const p = survival(d, T);
    const keep = 1 - p;
    const m1 = partialMoment(d, 1, 0, T) / keep;
    const m2 = partialMoment(d, 2, 0, T) / keep;
    const m3 = partialMoment(d, 3, 0, T) / keep;
    const v = Math.max(0, m2 - m1 * m1);
    pAbove[s] = p;
    paretoAbove[s] = T >= d.splice ? 1 : 0;
    invAlpha[s] = 1 / d.alpha;
    bulkMean[s] = m1;
    bulkVar[s] = v;
    const n = seg.people;
    const w = seg.lineWeights;
    for (let l = 0; l < L; l++) {
      meanByLine[l]! += n * m1 * w[l]!;
      for (let k = 0; k < L; k++) varForm[l * L + k]! += n * v * w[l]! * w[k]!;
    }
    thirdCumulant += n * (m3 - 3 * m1 * m2 + 2 * m1 * m1 * m1);
    mean0 += n * m1;
  });
  const hitWeights = segments.map((seg, s) => -seg.people * Math.log1p(-pAbove[s]!));
  const alias = aliasTable(hitWeights);
  const hitRate = hitWeights.reduce((a, w) => a + w, 0);
  const hits = poissonTable(hitRate);

  let mid: MidTaylor | null = null;
  if (taylor) {
    const K = MID_FUNCTIONS;
    const f0 = new Float64Array(K);
    const g1 = new Float64Array(K * L);
    const G2 = new Float64Array(K * L * L);
    const seg = new Float64Array(S * K * 3);
    const tmp = new Float64Array(4);
    const at = new Float64Array(3 * K);
    segments.forEach((sg, s) => {
      for (let j = 0; j < 3; j++)
        midFunctions(
          sg.dist,
          T,
          pAbove[s]!,
          bulkMean[s]!,
          attachment,
          coinsurance,
          limit,
          1 + (j - 1) * FD_STEP,
          tmp,
          at,
          j * K,
        );
      const n = sg.people;
      const w = sg.lineWeights;
      for (let k = 0; k < K; k++) {
        const fm = at[k]!;
        const f = at[K + k]!;
        const fp = at[2 * K + k]!;
        const d1 = (fp - fm) / (2 * FD_STEP);
        const d2half = (fp - 2 * f + fm) / (2 * FD_STEP * FD_STEP);
        seg[(s * K + k) * 3] = f;
        seg[(s * K + k) * 3 + 1] = d1;
        seg[(s * K + k) * 3 + 2] = d2half;
        f0[k]! += n * f;
        for (let l = 0; l < L; l++) {
          g1[k * L + l]! += n * d1 * w[l]!;
          for (let m = 0; m < L; m++) G2[(k * L + l) * L + m]! += n * d2half * w[l]! * w[m]!;
        }
      }
    });
    mid = { f0, g1, G2, seg };
  }
  return {
    threshold: T,
    expectedExplicit: segments.reduce((a, seg, s) => a + seg.people * pAbove[s]!, 0),
    hitRate,
    hitCdf: hits.cdf,
    hitGuide: hits.guide,
    aliasProb: alias.prob,
    aliasIndex: alias.index,
    pAbove,
    paretoAbove,
    invAlpha,
    bulkMean,
    bulkVar,
    meanByLine,
    varForm,
    thirdCumulant,
    mean0,
    mid,
    midFreeUpTo: attachment / T,
  };
}
