import { describe, expect, it } from 'vitest';
import { Mixture, fitCalibration } from '../../../shared/core/dataProfile/index.ts';
import { cvOf, shapeForCv, withMean } from '../../../shared/core/simulation/index.ts';
import { topShare } from '../../../shared/core/simulation/costModel.ts';

/* The fit is checked against data made from a known model: percentiles of a known mixture of segments (closed
 * forms), so the true shape minimises the fit's loss at zero and must be found again. */

const TAU = 0.02;
const ALPHA = 4;
const SEGMENTS = [
  { id: 'young', personYears: 6_000, mean: 600, zeroShare: 0.3, sigma: 1.2 },
  { id: 'middle', personYears: 3_000, mean: 2_000, zeroShare: 0.05, sigma: 1.4 },
  { id: 'old', personYears: 1_000, mean: 7_000, zeroShare: 0.0, sigma: 1.6 },
];

function knownModel() {
  const dists = SEGMENTS.map((s) =>
    withMean(
      { zeroProb: s.zeroShare, sigma: s.sigma, tail: { type: 'pareto', mass: TAU, alpha: ALPHA } },
      s.mean,
    ),
  );
  return new Mixture(
    dists,
    SEGMENTS.map((s) => s.personYears),
  );
}

describe('calibration of the cost model', () => {
  it('a single segment: the mixture agrees with the cost model (quantile and top share)', () => {
    const d = withMean({ zeroProb: 0.2, sigma: 1.5, tail: { type: 'pareto', mass: 0.01, alpha: 3 } }, 1_000);
    const m = new Mixture([d], [1]);
    expect(m.topShare(0.01)).toBeCloseTo(topShare(d, 0.01), 6);
    expect(m.survival(m.quantileAbove(0.05))).toBeCloseTo(0.05, 9);
    expect(m.mean()).toBeCloseTo(1_000, 6);
  });

  it('recovers the shared tail shape from percentiles of a known mixture, with each segment CV and zero share', () => {
    const truth = knownModel();
    const ps = [0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999];
    const { fit, mixture } = fitCalibration({
      segments: SEGMENTS.map((s) => ({
        id: s.id,
        personYears: s.personYears,
        mean: s.mean,
        zeroShare: s.zeroShare,
        cv: cvOf({
          zeroProb: s.zeroShare,
          sigma: s.sigma,
          tail: { type: 'pareto', mass: TAU, alpha: ALPHA },
        }),
      })),
      overall: { id: 'all', personYears: 10_000, mean: 1_720, cv: 3, zeroShare: 0.195 },
      percentiles: ps.map((p) => ({ p, value: truth.quantileAbove(1 - p) })),
    });
    expect(fit.tail.alpha).toBeGreaterThan(ALPHA - 0.15);
    expect(fit.tail.alpha).toBeLessThan(ALPHA + 0.15);
    expect(Math.abs(fit.tail.mass / TAU - 1)).toBeLessThan(0.1);
    expect(fit.zeroProbBySegment).toEqual({ young: 0.3, middle: 0.05, old: 0 });
    // Each segment's sigma follows from its CV: the true sigma.
    const sigmaOld = shapeForCv({ zeroProb: 0, sigma: 1, tail: fit.tail }, fit.cv.old!).sigma;
    expect(sigmaOld).toBeCloseTo(1.6, 1);
    for (const p of ps) expect(mixture.quantileAbove(1 - p) / truth.quantileAbove(1 - p)).toBeCloseTo(1, 2);
    expect(fit.zeroProb).toBe(0.195);
  });

  it('too few publishable percentiles: the default tail shape is kept and said so', () => {
    const { fit } = fitCalibration({
      segments: [{ id: 'a', personYears: 100, mean: 500, cv: 2.5, zeroShare: 0.1 }],
      overall: { id: 'all', personYears: 100, mean: 500, cv: 2.5, zeroShare: 0.1 },
      percentiles: [{ p: 0.5, value: 200 }],
    });
    expect(fit.tail).toEqual({ type: 'pareto', mass: 0.01, alpha: 3 });
    expect(fit.notes.join(' ')).toMatch(/too few publishable upper percentiles/);
  });

  it('no segment of its own: one model for everyone, no CV by segment', () => {
    const { fit } = fitCalibration({
      segments: [],
      overall: { id: 'all', personYears: 30, mean: 900, cv: 1.5, zeroShare: 0 },
      percentiles: [],
    });
    expect(fit.cv).toEqual({});
    expect(fit.sigma).toBeGreaterThan(0);
    expect(fit.notes[0]).toMatch(/one model for everyone/);
  });
});
