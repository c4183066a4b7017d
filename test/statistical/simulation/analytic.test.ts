import { describe, expect, it } from 'vitest';
import { simulate } from '../../../shared/core/simulation/simulate.ts';
import { FULL_RISK, NO_SHOCKS, oneSegmentScenario } from '../../support/simulation.ts';

/* Closed forms the simulation must reproduce within 3 Monte Carlo standard errors (capitation-method.md B11.5).
 * Phi is computed here by an independent series (not the engine's normCdf). */

/** Phi(x) by the Taylor series of erf (exact to ~1e-15 for |x| < 5). */
function phi(x: number): number {
  const z = x / Math.SQRT2;
  let term = z;
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= (-z * z) / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 + sum / Math.sqrt(Math.PI);
}
const dens = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);

describe('i.i.d. costs, no corridor: P(loss) = 1 - Phi((b - mu) / (kappa mu / sqrt N))', () => {
  const N = 1_000_000;
  const b = 2000;
  const kappa = 3;
  for (const z of [0.5, 1.5]) {
    it(`z = ${z}`, () => {
      // Expected cost mu = b / (1 + z kappa / sqrt N), so (b - mu) / (kappa mu / sqrt N) = z.
      const costRatio = 1 / (1 + (z * kappa) / Math.sqrt(N));
      const r = simulate(oneSegmentScenario(N, b, FULL_RISK), {
        trials: 20_000,
        seed: 11,
        costRatio,
        calibration: { cv: kappa },
        shocks: NO_SHOCKS,
      });
      const pacs = r.parties.find((p) => p.party === 'pacs')!;
      const expected = 1 - phi(z);
      expect(Math.abs(pacs.pLoss.value - expected)).toBeLessThan(3 * pacs.pLoss.se);
      // Mean and sd of the result: B - N mu and kappa mu sqrt N.
      const mu = b * costRatio;
      expect(Math.abs(pacs.mean.value - (N * b - N * mu))).toBeLessThan(3 * pacs.mean.se);
      expect(Math.abs(pacs.sd.value - kappa * mu * Math.sqrt(N))).toBeLessThan(3 * pacs.sd.se);
    });
  }
});

describe('a corridor applied to a normal outcome', () => {
  // x = (B - X) / B ~ Normal(m, s^2); providers keep rate r of (x - t)+ up to cap c (net mode) on each side.
  const N = 1_000_000;
  const b = 1000;
  const kappa = 2.5;
  const gain = { t: 0.001, r: 0.5, cap: 0.001 };
  const loss = { t: 0.002, r: 0.6, cap: 0.0015 };
  const costRatio = 1.001; // expected spend 0.1% over budget
  const m = 1 - costRatio;
  const s = (kappa * costRatio) / Math.sqrt(N);
  /** E[min((y - t)+, k)] for y ~ Normal(mean, s^2). */
  function limitedExcess(mean: number, t: number, k: number): number {
    const a = (t - mean) / s;
    const c = (t + k - mean) / s;
    return (mean - t) * (phi(c) - phi(a)) + s * (dens(a) - dens(c)) + k * (1 - phi(c));
  }
  it('mean provider share, P(caps bind), P(provider loss) match the closed forms', () => {
    const r = simulate(
      oneSegmentScenario(N, b, {
        gain: {
          threshold: { type: 'fixed', rate: gain.t },
          thresholdMode: 'net',
          bands: [{ upTo: null, providerRate: gain.r }],
          capRate: gain.cap,
        },
        loss: {
          threshold: { type: 'fixed', rate: loss.t },
          thresholdMode: 'net',
          bands: [{ upTo: null, providerRate: loss.r }],
          capRate: loss.cap,
        },
      }),
      { trials: 20_000, seed: 5, costRatio, calibration: { cv: kappa }, shocks: NO_SHOCKS },
    );
    const B = N * b;
    const pacs = r.parties.find((p) => p.party === 'pacs')!;
    // Gain side on x, loss side on -x ~ Normal(-m, s^2); the cap on e = |x| - t is cap / r.
    const expectedMean =
      B *
      (gain.r * limitedExcess(m, gain.t, gain.cap / gain.r) -
        loss.r * limitedExcess(-m, loss.t, loss.cap / loss.r));
    expect(Math.abs(pacs.mean.value - expectedMean)).toBeLessThan(3 * pacs.mean.se);
    const pGainCap = 1 - phi((gain.t + gain.cap / gain.r - m) / s);
    const pLossCap = phi((-loss.t - loss.cap / loss.r - m) / s);
    const pLoss = phi((-loss.t - m) / s);
    for (const [est, exp] of [
      [r.probabilities.gainCapBinds, pGainCap],
      [r.probabilities.lossCapBinds, pLossCap],
      [pacs.pLoss, pLoss],
    ] as const)
      expect(Math.abs(est.value - exp)).toBeLessThan(3 * Math.sqrt((exp * (1 - exp)) / 20_000));
    // The commissioner takes the rest: means add up to the gross result B - N mu.
    const comm = r.parties.find((p) => p.party === 'commissioner')!;
    expect(comm.mean.value + pacs.mean.value).toBeCloseTo(r.spend.mean.value * -1 + B, 0);
  });
});
