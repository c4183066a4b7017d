import type { Truth } from '../../../scripts/synth/generate.ts';
import { type CostDistribution, moment, survival, withMean } from '../../../shared/core/simulation/index.ts';
import { normCdf, normPdf } from '../../../shared/core/simulation/normal.ts';

/* Expected figures of a synthetic extract, derived from its generating parameters and latent structure
 * (truth.json), independently of the profiler: each person costs scale x X, X from their class's unit-mean cost
 * distribution, scale = class mean of the cell x practice effect x the year's growth factor G; the cost is split
 * over K episodes (flat Dirichlet), each in a line drawn with probability w_l / G. */

const CLASS = ['A', 'B', 'C'] as const;

export interface Component {
  cell: Truth['cells'][number];
  cls: (typeof CLASS)[number];
  people: number;
  /** Expected annual cost per person (the scale of X). */
  scale: number;
  /** Probability of each line per episode, in truth.lines order. */
  lineProbs: number[];
  unit: CostDistribution;
  episodes: number;
}

export function growthFactor(truth: Truth, line: string, t: number): number {
  const category = truth.lineCategories[line]!;
  const g = (truth.parameters.growth as Record<string, number>)[category] ?? truth.parameters.growth.default;
  return (1 + g) ** t;
}

export function components(truth: Truth, year: string): Component[] {
  const y = truth.years.indexOf(year);
  const t = y - (truth.years.length - 1);
  const p = truth.parameters;
  return truth.components[year]!.map(([c, k, pr, n]) => {
    const cell = truth.cells[c]!;
    const cls = CLASS[k]!;
    const weights = cell.shares[cls].map((s, l) => s * growthFactor(truth, truth.lines[l]!, t));
    const G = weights.reduce((a, v) => a + v, 0);
    return {
      cell,
      cls,
      people: n,
      scale: cell.classMean[cls] * truth.practices[pr]!.effect * G,
      lineProbs: weights.map((w) => w / G),
      unit: withMean(
        {
          zeroProb: p.zeroProb[cls],
          sigma: p.sigma,
          tail: { type: 'pareto', mass: p.tailMass, alpha: p.tailAlpha },
        },
        1,
      ),
      episodes: p.episodes[cls],
    };
  });
}

/** Survival of cost: P(C > x) for one person of the component. */
export const costSurvival = (c: Component, x: number) => survival(c.unit, x / c.scale);

/** Var(C) of one person. */
export const costVariance = (c: Component) => c.scale ** 2 * (moment(c.unit, 2) - 1);

/** Mean and variance of one person's spend on line l: C x f_l, f_l = sum over K episodes of the episode's share
 *  if it is in line l; E f = pi, E f^2 = (2 pi + (K - 1) pi^2) / (K + 1) (flat Dirichlet shares, independent
 *  draws of the line). */
export function lineMoments(c: Component, l: number): { mean: number; variance: number } {
  const pi = c.lineProbs[l]!;
  const K = c.episodes;
  const ef2 = (2 * pi + (K - 1) * pi * pi) / (K + 1);
  const ec2 = c.scale ** 2 * moment(c.unit, 2);
  const mean = c.scale * pi;
  return { mean, variance: ec2 * ef2 - mean * mean };
}

/** The cost x with a share s of people above it (bisection on the mixture's survival). */
export function mixtureQuantileAbove(comps: Component[], s: number): number {
  const n = comps.reduce((a, c) => a + c.people, 0);
  const above = (x: number) => comps.reduce((a, c) => a + c.people * costSurvival(c, x), 0) / n;
  let lo = 0;
  let hi = 1;
  while (above(hi) > s) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (above(mid) > s) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** E[C 1{C > x}] of one person. */
export function upperMean(c: Component, x: number): number {
  return c.scale * partialFirst(c.unit, x / c.scale);
}
export function upperSecond(c: Component, x: number): number {
  return c.scale ** 2 * partialSecond(c.unit, x / c.scale);
}

/** E[X 1{X > x}] and E[X^2 1{X > x}] of the spliced model, worked from its definition (lognormal body below the
 *  splice u, Pareto above it with mass tau of the non-zero part). */
function partialFirst(d: CostDistribution, x: number): number {
  return partialPower(d, x, 1);
}
function partialSecond(d: CostDistribution, x: number): number {
  return partialPower(d, x, 2);
}
function partialPower(d: CostDistribution, x: number, k: number): number {
  const nz = 1 - d.zeroProb;
  let total = 0;
  if (x < d.splice) {
    // Lognormal: E[X^k 1{a < X <= u}] = exp(k mu + k^2 s^2 / 2) (Phi(b - k s) - Phi(a - k s)), a, b standardised.
    const s = d.sigma;
    const a = x <= 0 ? Number.NEGATIVE_INFINITY : (Math.log(x) - d.mu) / s;
    const b = (Math.log(d.splice) - d.mu) / s;
    total +=
      Math.exp(k * d.mu + (k * k * s * s) / 2) *
      (normCdf(b - k * s) - (a === Number.NEGATIVE_INFINITY ? 0 : normCdf(a - k * s)));
  }
  const from = Math.max(x, d.splice);
  // Pareto above the splice: density tau alpha u^alpha y^(-alpha - 1); integral of y^k from `from` to infinity.
  total += (d.tailMass * d.alpha * d.splice ** d.alpha * from ** (k - d.alpha)) / (d.alpha - k);
  return nz * total;
}

/** E[ln(C / t) 1{C > t}] of one person, for the Hill estimator's limit S(t) / E[ln(C/t) 1{C > t}]. */
export function logExcess(c: Component, t: number): number {
  const d = c.unit;
  const x = t / c.scale;
  const nz = 1 - d.zeroProb;
  let total = 0;
  if (x < d.splice) {
    // Body: integral over (x, u] of (ln y - ln x) LN pdf = (mu - ln x)(Phi(b) - Phi(a)) + s (phi(a) - phi(b)).
    const a = (Math.log(x) - d.mu) / d.sigma;
    const b = (Math.log(d.splice) - d.mu) / d.sigma;
    total += (d.mu - Math.log(x)) * (normCdf(b) - normCdf(a)) + d.sigma * (normPdf(a) - normPdf(b));
    // Tail above the splice: mass tau, ln(X/x) = ln(u/x) + Exp(alpha).
    total += d.tailMass * (Math.log(d.splice / x) + 1 / d.alpha);
  } else total += (d.tailMass * (d.splice / x) ** d.alpha) / d.alpha;
  return nz * total;
}
