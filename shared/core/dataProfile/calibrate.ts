import {
  type CostDistribution,
  type CostShape,
  cvOf,
  partialMoment,
  shapeForCv,
  survival,
  withMean,
} from '../simulation/index.ts';

/* Fits the simulation's person-cost model (shared/core/simulation/costModel.ts) to a profile's aggregates. In each
 * segment a person costs nothing with probability p0_s, else a lognormal body with a Pareto tail of index alpha on
 * its top tau. Per segment, p0_s is the segment's zero-cost share and the body sigma is solved so the segment's
 * coefficient of variation is the data's; the shape shared by all segments (tau, alpha) is chosen so the
 * person-year-weighted mixture of segments reproduces the data's upper percentiles (90th-99.9th; least squares on
 * the log scale over a grid, then a pattern search). The fitted model is compared with the data in the fit report
 * (percentiles, top shares, stop-loss attachments). */

export interface SegmentMoments {
  id: string;
  personYears: number;
  mean: number;
  cv: number;
  zeroShare: number;
}

export interface CalibrationInput {
  segments: SegmentMoments[];
  /** The whole population: the model when no segment can be calibrated on its own. */
  overall: SegmentMoments;
  /** The data's person-year-weighted percentiles of annualised cost that may be published. */
  percentiles: { p: number; value: number }[];
}

export interface FittedCalibration {
  cv: Record<string, number>;
  zeroProb: number;
  zeroProbBySegment: Record<string, number>;
  sigma: number;
  tail: { type: 'pareto'; mass: number; alpha: number };
  notes: string[];
}

const MIN_ALPHA = 2.05;
const MAX_ALPHA = 20;
const MIN_TAU = 0.001;
const MAX_TAU = 0.2;
const DEFAULT_TAU = 0.01;
const DEFAULT_ALPHA = 3;
const MAX_ZERO = 0.94;
const FIT_FROM = 0.9;

/** Person-year-weighted mixture of segment distributions. */
export class Mixture {
  private readonly weights: number[];
  constructor(
    readonly dists: CostDistribution[],
    personYears: number[],
  ) {
    const total = personYears.reduce((a, v) => a + v, 0);
    this.weights = personYears.map((v) => v / total);
  }

  survival(x: number): number {
    let s = 0;
    for (let i = 0; i < this.dists.length; i++) s += this.weights[i]! * survival(this.dists[i]!, x);
    return s;
  }

  mean(): number {
    let m = 0;
    for (let i = 0; i < this.dists.length; i++)
      m += this.weights[i]! * partialMoment(this.dists[i]!, 1, 0, Number.POSITIVE_INFINITY);
    return m;
  }

  /** E[C 1{C > x}]. */
  upperMoment(x: number): number {
    let m = 0;
    for (let i = 0; i < this.dists.length; i++)
      m += this.weights[i]! * partialMoment(this.dists[i]!, 1, x, Number.POSITIVE_INFINITY);
    return m;
  }

  /** The cost x with P(C > x) = s (bisection on a log scale; 0 when s is at least the non-zero share). */
  quantileAbove(s: number, relativeTolerance = 1e-9): number {
    if (this.survival(0) <= s) return 0;
    let lo = 1;
    let hi = 1;
    while (this.survival(hi) > s) hi *= 4;
    while (lo > 1e-6 && this.survival(lo) <= s) lo /= 4;
    for (let i = 0; i < 200 && hi / lo - 1 > relativeTolerance; i++) {
      const mid = Math.sqrt(lo * hi);
      if (this.survival(mid) > s) lo = mid;
      else hi = mid;
    }
    return Math.sqrt(lo * hi);
  }

  /** Share of spend of the costliest share q of person-years. */
  topShare(q: number): number {
    const x = this.quantileAbove(q);
    return this.upperMoment(x) / this.mean();
  }

  /** Expected share of person-years above an attachment and their mean excess over it. */
  excess(attachment: number): { share: number; meanExcess: number | null } {
    const share = this.survival(attachment);
    if (share <= 0) return { share: 0, meanExcess: null };
    return { share, meanExcess: (this.upperMoment(attachment) - attachment * share) / share };
  }
}

interface Built {
  dists: CostDistribution[];
  cvs: number[];
  raised: number;
  lowered: number;
}

function build(segments: SegmentMoments[], tau: number, alpha: number): Built {
  let raised = 0;
  let lowered = 0;
  const cvs: number[] = [];
  const dists = segments.map((s) => {
    const base: CostShape = {
      zeroProb: Math.min(s.zeroShare, MAX_ZERO),
      sigma: 1,
      tail: { type: 'pareto', mass: tau, alpha },
    };
    const floor = cvOf({ ...base, sigma: 1e-6 }) * 1.0001;
    const ceiling = cvOf({ ...base, sigma: 6 });
    let cv = s.cv;
    if (!(cv > floor)) {
      cv = floor;
      raised++;
    } else if (cv > ceiling) {
      cv = ceiling;
      lowered++;
    }
    cvs.push(cv);
    return withMean(shapeForCv(base, cv), s.mean);
  });
  return { dists, cvs, raised, lowered };
}

/** Fits the calibration; the notes say what was clamped or defaulted. */
export function fitCalibration(input: CalibrationInput): { fit: FittedCalibration; mixture: Mixture } {
  const notes: string[] = [];
  const own = input.segments.length > 0;
  const segments = own ? input.segments : [input.overall];
  if (!own)
    notes.push('no segment can be calibrated on its own (all withheld or too small): one model for everyone');
  const personYears = segments.map((s) => s.personYears);
  const targets = input.percentiles.filter((p) => p.p >= FIT_FROM && p.value > 0);

  let tau = DEFAULT_TAU;
  let alpha = DEFAULT_ALPHA;
  if (targets.length >= 2) {
    const loss = (t: number, a: number) => {
      const m = new Mixture(build(segments, t, a).dists, personYears);
      let sse = 0;
      for (const target of targets) {
        const model = m.quantileAbove(1 - target.p, 1e-6);
        sse += model > 0 ? Math.log(model / target.value) ** 2 : 100;
      }
      return sse;
    };
    // Coarse grid in (log tau, log(alpha - 2)), then a pattern search from the best point.
    const toParams = (u: number, v: number) => ({
      t: Math.exp(u),
      a: Math.min(MAX_ALPHA, 2 + Math.exp(v)),
    });
    let best = { u: Math.log(DEFAULT_TAU), v: Math.log(DEFAULT_ALPHA - 2), f: Number.POSITIVE_INFINITY };
    const us = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1].map(Math.log);
    const vs = [0.2, 0.5, 1, 2, 4, 8].map(Math.log);
    for (const u of us)
      for (const v of vs) {
        const { t, a } = toParams(u, v);
        const f = loss(t, a);
        if (f < best.f) best = { u, v, f };
      }
    let step = 0.5;
    for (let i = 0; i < 30 && step > 0.01; i++) {
      let moved = false;
      for (const [du, dv] of [
        [step, 0],
        [-step, 0],
        [0, step],
        [0, -step],
      ] as const) {
        const u = Math.min(Math.log(MAX_TAU), Math.max(Math.log(MIN_TAU), best.u + du));
        const v = Math.min(Math.log(MAX_ALPHA - 2), Math.max(Math.log(MIN_ALPHA - 2), best.v + dv));
        const { t, a } = toParams(u, v);
        const f = loss(t, a);
        if (f < best.f - 1e-12) {
          best = { u, v, f };
          moved = true;
        }
      }
      if (!moved) step /= 2;
    }
    ({ t: tau, a: alpha } = toParams(best.u, best.v));
    notes.push(
      `tail shape fitted to the ${targets.map((x) => `${x.p * 100}th`).join(', ')} percentiles: mass ${tau.toFixed(4)}, index ${alpha.toFixed(2)} (root mean square log error ${Math.sqrt(best.f / targets.length).toFixed(3)})`,
    );
  } else
    notes.push(
      `too few publishable upper percentiles to fit the tail; the default mass ${DEFAULT_TAU} and index ${DEFAULT_ALPHA} are kept`,
    );

  const built = build(segments, tau, alpha);
  if (built.raised > 0)
    notes.push(
      `${built.raised} segment(s) have a CV below the smallest the shape allows with their zero share; raised to it`,
    );
  if (built.lowered > 0)
    notes.push(`${built.lowered} segment(s) have a CV above what the shape reaches; capped`);
  const cv: Record<string, number> = {};
  const zeroProbBySegment: Record<string, number> = {};
  if (own)
    segments.forEach((s, i) => {
      cv[s.id] = built.cvs[i]!;
      zeroProbBySegment[s.id] = Math.min(s.zeroShare, MAX_ZERO);
    });
  // Segments without their own figures (withheld, or new in a scenario) use the overall zero share and the
  // person-year-weighted mean CV.
  const totalPy = personYears.reduce((a, v) => a + v, 0);
  const meanCv = built.cvs.reduce((a, v, i) => a + v * personYears[i]!, 0) / totalPy;
  const zeroProb = Math.min(input.overall.zeroShare, MAX_ZERO);
  const fallbackBase: CostShape = { zeroProb, sigma: 1, tail: { type: 'pareto', mass: tau, alpha } };
  const floor = cvOf({ ...fallbackBase, sigma: 1e-6 }) * 1.0001;
  const sigma = shapeForCv(fallbackBase, Math.max(meanCv, floor)).sigma;
  return {
    fit: { cv, zeroProb, zeroProbBySegment, sigma, tail: { type: 'pareto', mass: tau, alpha }, notes },
    mixture: new Mixture(built.dists, personYears),
  };
}
