import { describe, expect, it } from 'vitest';
import { runChunk } from '../../../shared/core/simulation/chunk.ts';
import { buildModel } from '../../../shared/core/simulation/model.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/options.ts';
import { NO_SHOCKS, oneSegmentScenario } from '../../support/simulation.ts';
import { aggregatePmf, layerExpectation } from './reference/aggregateFft.ts';
import { calculate } from '../../../shared/core/engine/calculate.ts';

/* The distribution of the aggregate cost of N people by simulation (both methods) against the FFT of the compound
 * distribution (test/simulation/reference/aggregateFft.ts): survival probabilities within 3 standard errors, and
 * the mean specific stop-loss recovery against N x c x integral of P(C > x) over the covered layer. */

const N = 1500;
const PPPY = 2000;
const ATTACHMENT = 20_000;
const COINSURANCE = 0.9;
const LIMIT = 100_000;

const scenario = oneSegmentScenario(N, PPPY, {
  gain: { bands: [{ upTo: null, providerRate: 1 }] },
  loss: { bands: [{ upTo: null, providerRate: 1 }] },
  stopLoss: { specific: { attachment: ATTACHMENT, coinsurance: COINSURANCE, limit: LIMIT }, aggregate: null },
});

function run(method: 'fast' | 'person', trials: number) {
  const model = buildModel(
    scenario,
    parseSimulationOptions({ method, seed: 99, shocks: NO_SHOCKS, personLevelBelow: 0 }),
    calculate(scenario),
  );
  return { model, out: runChunk(model, 0, trials) };
}

describe('aggregate cost against the FFT of the compound distribution', () => {
  const fast = run('fast', 40_000);
  const person = run('person', 8_000);
  const d = fast.model.segments[0]!.dist;
  const params = {
    zeroProb: d.zeroProb,
    mu: d.mu,
    sigma: d.sigma,
    splice: d.splice,
    tailMass: d.tailMass,
    alpha: d.alpha,
  };
  const m = 1 << 16;
  const h = (N * PPPY * 4) / m;
  const pmf = aggregatePmf(params, N, h, m);
  const survivalAt = (x: number) => {
    let s = 0;
    for (let j = Math.ceil(x / h); j < m; j++) s += pmf[j]!;
    return s;
  };
  let mean = 0;
  let second = 0;
  for (let j = 0; j < m; j++) {
    mean += j * h * pmf[j]!;
    second += (j * h) ** 2 * pmf[j]!;
  }
  const sd = Math.sqrt(second - mean * mean);

  it('the reference itself has the model mean', () => {
    expect(fast.model.segments[0]!.mean).toBeCloseTo(PPPY, 6);
    // The rounding discretisation (h = 183 GBP against a body with a median of a few hundred) costs < 0.2%.
    expect(Math.abs(mean / (N * PPPY) - 1)).toBeLessThan(0.002);
  });

  for (const [name, r] of [
    ['fast', fast],
    ['person', person],
  ] as const)
    it(`${name}: P(S > x) at mean + k sd, k = -1..3`, () => {
      const spend = r.out.spend;
      const n = spend.length;
      for (const k of [-1, 0, 1, 2, 3]) {
        // Mid-way between grid points so the rounding of the grid does not bias the comparison.
        const x = (Math.floor((mean + k * sd) / h) + 0.5) * h;
        const expected = survivalAt(x);
        let hits = 0;
        for (let i = 0; i < n; i++) if (spend[i]! > x) hits++;
        const se = Math.sqrt((expected * (1 - expected)) / n);
        expect(Math.abs(hits / n - expected), `k = ${k}: ${hits / n} vs ${expected}`).toBeLessThan(3 * se);
      }
    });

  for (const [name, r] of [
    ['fast', fast],
    ['person', person],
  ] as const)
    it(`${name}: mean specific stop-loss recovery`, () => {
      const expected = N * COINSURANCE * layerExpectation(params, ATTACHMENT, ATTACHMENT + LIMIT);
      const rec = r.out.specific;
      const n = rec.length;
      let s = 0;
      let ss = 0;
      for (let i = 0; i < n; i++) s += rec[i]!;
      const avg = s / n;
      for (let i = 0; i < n; i++) ss += (rec[i]! - avg) ** 2;
      const se = Math.sqrt(ss / (n - 1) / n);
      expect(Math.abs(avg - expected), `${avg} vs ${expected}`).toBeLessThan(3 * se);
    });
});
