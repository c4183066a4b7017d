import { DomainError } from '../base/index.ts';
import { normCdf, normInv, normInvFast } from './normal.ts';

/* Person-level annual cost (capitation-method.md B11.1, §3.10): zero with probability p0, otherwise a lognormal
 * body LN(mu, sigma) whose upper tail above the splice point u (the body's own 1 - tau quantile) is replaced by a
 * Pareto tail: P(C > x | C > 0) = tau (u / x)^alpha for x > u. With tail type "lognormal" there is no splice and
 * the body runs to infinity. Every moment and partial moment has a closed form, so the fast simulation method and
 * the calibration need no numerical integration. */

export type TailShape = { type: 'pareto'; mass: number; alpha: number } | { type: 'lognormal' };

/** The shape of the distribution, independent of its scale. */
export interface CostShape {
  /** Probability of no cost at all in the year. */
  zeroProb: number;
  /** Log-scale sd of the lognormal body. */
  sigma: number;
  tail: TailShape;
}

export interface CostDistribution extends CostShape {
  /** Log-scale location of the body. */
  mu: number;
  /** Splice point u (Infinity without a Pareto tail). */
  splice: number;
  /** tau: probability that a non-zero cost is above the splice point (0 without a Pareto tail). */
  tailMass: number;
  alpha: number;
}

/** Builds the distribution with body location mu. */
export function distribution(shape: CostShape, mu: number): CostDistribution {
  if (shape.tail.type === 'lognormal')
    return { ...shape, mu, splice: Number.POSITIVE_INFINITY, tailMass: 0, alpha: Number.POSITIVE_INFINITY };
  const { mass, alpha } = shape.tail;
  return { ...shape, mu, splice: Math.exp(mu - shape.sigma * normInv(mass)), tailMass: mass, alpha };
}

/** E[C^k 1{a < C <= b}] for 0 <= a < b <= Infinity and k = 0..3 (the atom at zero is never included). */
export function partialMoment(d: CostDistribution, k: number, a: number, b: number): number {
  if (!(b > a)) return 0;
  let total = 0;
  // Lognormal body on (a, min(b, u)].
  const bodyTop = Math.min(b, d.splice);
  if (bodyTop > a) {
    const shift = d.mu + k * d.sigma * d.sigma;
    const hi = bodyTop === Number.POSITIVE_INFINITY ? 1 : normCdf((Math.log(bodyTop) - shift) / d.sigma);
    const lo = a <= 0 ? 0 : normCdf((Math.log(a) - shift) / d.sigma);
    total += Math.exp(k * d.mu + (k * k * d.sigma * d.sigma) / 2) * (hi - lo);
  }
  // Pareto tail on (max(a, u), b].
  if (d.tailMass > 0 && b > d.splice) {
    const lo = Math.max(a, d.splice);
    const u = d.splice;
    const e = k - d.alpha;
    let integral: number; // integral of x^(k - alpha - 1) over (lo, b], times u^alpha / u^k
    if (e === 0) integral = Math.log(b / lo);
    else {
      if (b === Number.POSITIVE_INFINITY && e > 0) return Number.POSITIVE_INFINITY;
      const hiTerm = b === Number.POSITIVE_INFINITY ? 0 : (b / u) ** e;
      integral = (hiTerm - (lo / u) ** e) / e;
    }
    total += d.tailMass * d.alpha * u ** k * integral;
  }
  return (1 - d.zeroProb) * total;
}

/** Raw moment E[C^k]. */
export function moment(d: CostDistribution, k: number): number {
  return partialMoment(d, k, 0, Number.POSITIVE_INFINITY);
}

/** P(C > x) for x >= 0. */
export function survival(d: CostDistribution, x: number): number {
  if (x <= 0) return 1 - d.zeroProb;
  let s: number;
  if (x <= d.splice) s = 1 - normCdf((Math.log(x) - d.mu) / d.sigma);
  else s = d.tailMass * (d.splice / x) ** d.alpha;
  return (1 - d.zeroProb) * s;
}

/** The cost whose survival probability P(C > x) is `s`, for 0 < s <= 1 - p0 (upper-tail inversion keeps the
 *  precision of tiny s). `fast` uses the 1e-9 accurate normal inverse (hot path). */
export function quantileFromSurvival(d: CostDistribution, s: number, fast = true): number {
  const sn = s / (1 - d.zeroProb); // survival among non-zero costs
  if (sn <= d.tailMass) return d.splice * (d.tailMass / sn) ** (1 / d.alpha);
  const z = fast ? normInvFast(sn) : normInv(sn);
  return Math.exp(d.mu - d.sigma * z);
}

/** Inverse CDF of C: F^-1(p), 0 for p <= p0. */
export function quantile(d: CostDistribution, p: number, fast = true): number {
  if (p <= d.zeroProb) return 0;
  return quantileFromSurvival(d, 1 - p, fast);
}

/** Coefficient of variation of C, which depends on the shape only. */
export function cvOf(shape: CostShape): number {
  const d = distribution(shape, 0);
  const m1 = moment(d, 1);
  return Math.sqrt(moment(d, 2) / (m1 * m1) - 1);
}

/** The distribution with mean `mean` and the given shape. */
export function withMean(shape: CostShape, mean: number): CostDistribution {
  const d0 = distribution(shape, 0);
  return distribution(shape, Math.log(mean / moment(d0, 1)));
}

/** The shape with coefficient of variation `cv`: solves for the body sigma (bisection; CV rises with sigma). */
export function shapeForCv(base: CostShape, cv: number): CostShape {
  const floorCv = cvOf({ ...base, sigma: 1e-6 });
  if (cv <= floorCv + 1e-9)
    throw new DomainError(
      'calibration.cv',
      `${cv} is below the smallest CV the shape allows (${floorCv.toFixed(3)}, from zeroProb and tail alone)`,
    );
  let lo = 1e-6;
  let hi = 1;
  while (cvOf({ ...base, sigma: hi }) < cv) {
    hi *= 2;
    if (hi > 16) throw new DomainError('calibration.cv', `${cv} is too large to reach with this shape`);
  }
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (cvOf({ ...base, sigma: mid }) < cv) lo = mid;
    else hi = mid;
  }
  return { ...base, sigma: (lo + hi) / 2 };
}

/** Share of total spend of the costliest fraction q of people: E[C 1{C > x_q}] / E[C], P(C > x_q) = q. */
export function topShare(d: CostDistribution, q: number): number {
  const mean = moment(d, 1);
  if (q >= 1 - d.zeroProb) return 1;
  const x = quantileFromSurvival(d, q, false);
  return partialMoment(d, 1, x, Number.POSITIVE_INFINITY) / mean;
}

/** Share of total spend of the least costly fraction q of people. */
export function bottomShare(d: CostDistribution, q: number): number {
  return 1 - topShare(d, 1 - q);
}
