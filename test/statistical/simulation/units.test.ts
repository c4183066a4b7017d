import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { allocateOutcomes, mergeOutcomes } from '../../../shared/core/simulation/chunk.ts';
import {
  bottomShare,
  cvOf,
  moment,
  quantileFromSurvival,
  shapeForCv,
  survival,
  topShare,
  withMean,
} from '../../../shared/core/simulation/costModel.ts';
import { normCdf, normInv, normInvFast } from '../../../shared/core/simulation/normal.ts';
import {
  DEFAULT_SIGMA,
  DEFAULT_TAIL_ALPHA,
  DEFAULT_TAIL_MASS,
  DEFAULT_ZERO_PROB,
  parseSimulationOptions,
} from '../../../shared/core/simulation/options.ts';
import { expFast } from '../../../shared/core/simulation/fastMath.ts';
import { aliasTable, poissonTable } from '../../../shared/core/simulation/pooled.ts';
import { TrialStream } from '../../../shared/core/simulation/prng.ts';
import { quantileSorted, summarize } from '../../../shared/core/simulation/stats.ts';

/** Phi(x) by the Taylor series of erf (an independent route; exact to ~1e-14 for |x| <= 5). */
function phiSeries(x: number): number {
  const z = x / Math.SQRT2;
  let term = z;
  let sum = z;
  for (let n = 1; n < 400; n++) {
    term *= (-z * z) / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 + sum / Math.sqrt(Math.PI);
}

describe('streams', () => {
  it('a (seed, trial) key always gives the same sequence, and neighbouring keys differ', () => {
    const a = new TrialStream(123, 45);
    const b = new TrialStream(0, 0);
    b.reset(123, 45);
    const seqA = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(seqA);
    for (const [s, t] of [
      [123, 46],
      [124, 45],
      [123 + 2 ** 32, 45],
      [123, 45 + 2 ** 32],
    ]) {
      const c = new TrialStream(s, t);
      expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(seqA);
    }
  });
  it('uniforms are in (0, 1) with mean 1/2 and variance 1/12, and first draws of consecutive trials are uniform', () => {
    const n = 50_000;
    const s = new TrialStream(7, 0);
    let sum = 0;
    let sq = 0;
    const firsts = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = s.uniform();
      expect(u > 0 && u < 1).toBe(true);
      sum += u;
      sq += u * u;
      s.reset(7, i); // first draw of trial i: the per-trial hash must not leave structure across trials
      firsts[Math.floor(s.uniform() * 10)]! += 1;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - sum ** 2 / n ** 2 - 1 / 12)).toBeLessThan(0.002);
    // Chi-square with 9 degrees of freedom: 99.9% point 27.9.
    const chi = firsts.reduce((a, c) => a + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi).toBeLessThan(27.9);
  });
});

describe('normal draws (ziggurat)', () => {
  it('have mean 0, variance 1, kurtosis 3, the normal tail probabilities and the normal histogram', () => {
    const s = new TrialStream(3, 3);
    const n = 400_000;
    let sum = 0;
    let sq = 0;
    let q4 = 0;
    let above = 0;
    let below = 0;
    let farTail = 0;
    // 40 bins of width 0.25 on [-5, 5): a chi-square against Phi (independent series phiSeries) over the layers
    // and the wedges of the ziggurat; the tail beyond its base layer (|z| > 3.654) counted on its own.
    const bins = new Array<number>(40).fill(0);
    for (let i = 0; i < n; i++) {
      const z = s.normal();
      sum += z;
      sq += z * z;
      q4 += z * z * z * z;
      if (z > 1.959963984540054) above++;
      if (z < -2.5758293035489) below++;
      if (Math.abs(z) > 3.6541528853610088) farTail++;
      const b = Math.floor((z + 5) * 4);
      if (b >= 0 && b < 40) bins[b]! += 1;
    }
    expect(Math.abs(sum / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(q4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
    expect(Math.abs(above / n - 0.025)).toBeLessThan(4 * Math.sqrt((0.025 * 0.975) / n));
    expect(Math.abs(below / n - 0.005)).toBeLessThan(4 * Math.sqrt((0.005 * 0.995) / n));
    const pTail = 2 * (1 - phiSeries(3.6541528853610088));
    expect(Math.abs(farTail / n - pTail)).toBeLessThan(4 * Math.sqrt((pTail * (1 - pTail)) / n));
    let chi = 0;
    let cells = 0;
    bins.forEach((count, b) => {
      const e = n * (phiSeries((b + 1) / 4 - 5) - phiSeries(b / 4 - 5));
      if (e < 5) return;
      chi += (count - e) ** 2 / e;
      cells++;
    });
    // 99.9% point of chi-square with cells - 1 (<= 35) degrees of freedom is below 67.
    expect(cells).toBeGreaterThan(30);
    expect(chi).toBeLessThan(67);
  });
});

describe('exponential draws (ziggurat)', () => {
  it('have mean 1, variance 1 and survival exp(-x), in the layers and beyond the base layer (x > 7.697)', () => {
    const s = new TrialStream(4, 4);
    const n = 400_000;
    let sum = 0;
    let sq = 0;
    const cuts = [0.1, 0.5, 1, 2, 4, 7.69711747013105];
    const above = new Array<number>(cuts.length).fill(0);
    let negative = 0;
    for (let i = 0; i < n; i++) {
      const e = s.exponential();
      if (!(e >= 0)) negative++;
      sum += e;
      sq += e * e;
      cuts.forEach((c, k) => {
        if (e > c) above[k]! += 1;
      });
    }
    expect(negative).toBe(0);
    expect(Math.abs(sum / n - 1)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(sq / n - (sum / n) ** 2 - 1)).toBeLessThan(4 * Math.sqrt(8 / n));
    cuts.forEach((c, k) => {
      const p = Math.exp(-c);
      expect(Math.abs(above[k]! / n - p), `P(E > ${c})`).toBeLessThan(
        4 * Math.sqrt((p * (1 - p)) / n) + 1e-6,
      );
    });
  });
});

describe('expFast', () => {
  it('is within 3 ulp of Math.exp over (-700, 700) and defers to it beyond', () => {
    const s = new TrialStream(9, 9);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = (s.uniform() - 0.5) * 1400;
      const b = Math.exp(x);
      worst = Math.max(worst, Math.abs(expFast(x) - b) / b);
    }
    expect(worst).toBeLessThan(3 * 2 ** -52);
    expect(expFast(0)).toBe(1);
    expect(expFast(1)).toBeCloseTo(Math.E, 15);
    expect(expFast(-800)).toBe(Math.exp(-800));
    expect(expFast(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('Poisson hit counts (tabulated CDF with a guide table)', () => {
  it('invert to the Poisson probabilities at small and large rates', () => {
    for (const rate of [0.3, 16, 2_500]) {
      const { cdf, guide } = poissonTable(rate);
      // Against the pmf from logs (an independent route): p_k = exp(k ln rate - rate - ln k!).
      let logFact = 0;
      let acc = 0;
      for (let k = 0; k < cdf.length - 1; k++) {
        if (k > 0) logFact += Math.log(k);
        acc += Math.exp(k * Math.log(rate) - rate - logFact);
        expect(Math.abs(cdf[k]! - acc), `rate ${rate}, k ${k}`).toBeLessThan(
          1e-9 * Math.max(1, Math.sqrt(rate)),
        );
      }
      expect(cdf[cdf.length - 1]).toBe(1);
      // The guide table starts the search at or below the answer.
      for (let j = 0; j < guide.length; j++) {
        const k = guide[j]!;
        expect(cdf[k]!).toBeGreaterThanOrEqual(j / guide.length);
        if (k > 0) expect(cdf[k - 1]!).toBeLessThan(j / guide.length);
      }
    }
  });
});

describe('normal distribution', () => {
  it('matches published values', () => {
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
    expect(normInv(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normInv(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(Math.abs(normInvFast(0.3) - normInv(0.3))).toBeLessThan(1e-8);
  });
});

describe('person-level cost model', () => {
  const shape = {
    zeroProb: DEFAULT_ZERO_PROB,
    sigma: DEFAULT_SIGMA,
    tail: { type: 'pareto' as const, mass: DEFAULT_TAIL_MASS, alpha: DEFAULT_TAIL_ALPHA },
  };
  /** E[C^k] by integrating k x^(k-1) P(C > x) on a geometric grid (an independent route to the moments). */
  function integratedMoment(d: ReturnType<typeof withMean>, k: number): number {
    let sum = 0;
    let prev = 1e-6;
    for (let i = 1; i <= 400_000; i++) {
      const x = 1e-6 * 1e15 ** (i / 400_000);
      const mid = Math.sqrt(prev * x);
      sum += k * mid ** (k - 1) * survival(d, mid) * (x - prev);
      prev = x;
    }
    return sum;
  }
  it('withMean and shapeForCv hit the requested mean and CV (moments checked by integration)', () => {
    for (const cv of [1.5, 2.5, 4]) {
      const d = withMean(shapeForCv(shape, cv), 1234);
      const m1 = integratedMoment(d, 1);
      const m2 = integratedMoment(d, 2);
      expect(m1 / 1234).toBeCloseTo(1, 3);
      expect(Math.sqrt(m2 / (m1 * m1) - 1) / cv).toBeCloseTo(1, 2);
      expect(cvOf(d)).toBeCloseTo(cv, 8);
      expect(moment(d, 1)).toBeCloseTo(1234, 6);
    }
  });
  it('the default shape reproduces the published concentration of spend (§3.10)', () => {
    const d = withMean(shape, 2000);
    expect(topShare(d, 0.01)).toBeGreaterThan(0.2);
    expect(topShare(d, 0.01)).toBeLessThan(0.23);
    expect(topShare(d, 0.05)).toBeGreaterThan(0.45);
    expect(topShare(d, 0.05)).toBeLessThan(0.55);
    expect(bottomShare(d, 0.5)).toBeGreaterThan(0.02);
    expect(bottomShare(d, 0.5)).toBeLessThan(0.04);
  });
  it('the concentration agrees with a large sample drawn by inversion', () => {
    const d = withMean(shape, 2000);
    const s = new TrialStream(5, 5);
    const n = 400_000;
    const costs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = s.uniform();
      costs[i] = u < 1 - d.zeroProb ? quantileFromSurvival(d, u) : 0;
    }
    costs.sort();
    const total = costs.reduce((a, v) => a + v, 0);
    const top1 = costs.subarray(n - n / 100).reduce((a, v) => a + v, 0) / total;
    const bottom50 = costs.subarray(0, n / 2).reduce((a, v) => a + v, 0) / total;
    expect(Math.abs(top1 - topShare(d, 0.01))).toBeLessThan(0.02);
    expect(Math.abs(bottom50 - bottomShare(d, 0.5))).toBeLessThan(0.003);
  });
  it('survival and quantileFromSurvival are inverse in the body and the tail', () => {
    const d = withMean(shape, 2000);
    for (const p of [0.5, 0.1, 0.01, 1e-4, 1e-8])
      expect(survival(d, quantileFromSurvival(d, p, false)) / p).toBeCloseTo(1, 8);
  });
});

describe('statistics', () => {
  it('type-7 quantiles, VaR and TVaR of a known sample', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i - 49); // -49..50
    expect(quantileSorted(v, 0.5)).toBeCloseTo(0.5, 12);
    expect(quantileSorted(v, 0.05)).toBeCloseTo(-49 + 0.05 * 99, 12);
    const s = summarize(v, 10);
    expect(s.mean.value).toBeCloseTo(0.5, 12);
    expect(s.pLoss.value).toBe(0.49);
    expect(s.var95.value).toBeCloseTo(49 - 4.95, 12);
    expect(s.tvar95.value).toBeCloseTo((49 + 48 + 47 + 46 + 45) / 5, 12);
    expect(s.tvar99.value).toBe(49);
    expect(s.histogram.reduce((a, b) => a + b.count, 0)).toBe(100);
    expect(s.histogram[0]!.from).toBe(-49);
    expect(s.histogram[9]!.to).toBe(50);
    // Interior bins are equal width between the 0.1% and 99.9% points (-48.901 and 49.901).
    expect(s.histogram[1]!.from).toBeCloseTo(-48.901 + 9.8802, 9);
    expect(s.histogram[4]!.to - s.histogram[4]!.from).toBeCloseTo(9.8802, 9);
  });
  it('merging checks that chunks cover every trial once', () => {
    const a = allocateOutcomes(0, 5);
    const b = allocateOutcomes(5, 10);
    a.provider.fill(1);
    b.provider.fill(2);
    expect(Array.from(mergeOutcomes(10, [b, a]).provider)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(() => mergeOutcomes(10, [a])).toThrow(/trial 5 is in no chunk/);
    expect(() => mergeOutcomes(10, [a, a, b])).toThrow(/two chunks/);
  });
  it('alias table samples in proportion to the weights', () => {
    const w = [1, 0, 3, 6];
    const { prob, index } = aliasTable(w);
    const mass = new Array<number>(4).fill(0);
    for (let j = 0; j < 4; j++) {
      mass[j]! += prob[j]! / 4;
      mass[index[j]!]! += (1 - prob[j]!) / 4;
    }
    mass.forEach((m, j) => expect(m).toBeCloseTo(w[j]! / 10, 12));
  });
});

describe('simulation options', () => {
  const fieldOf = (input: unknown) => {
    try {
      parseSimulationOptions(input);
    } catch (e) {
      if (e instanceof ValidationError) return e.field;
      throw e;
    }
    return null;
  };
  it('fills defaults and names the field at fault', () => {
    const o = parseSimulationOptions({});
    expect(o.trials).toBe(10_000);
    expect(o.method).toBe('fast');
    expect(fieldOf({ trials: 0 })).toBe('trials');
    expect(fieldOf({ trials: 1.5 })).toBe('trials');
    expect(fieldOf({ seed: -1 })).toBe('seed');
    expect(fieldOf({ workers: 0 })).toBe('workers');
    expect(fieldOf({ method: 'exact' })).toBe('method');
    expect(fieldOf({ shocks: { trend: { sd: 2 } } })).toBe('shocks.trend.sd');
    expect(fieldOf({ shocks: { epidemic: { probability: 1.5 } } })).toBe('shocks.epidemic.probability');
    expect(fieldOf({ calibration: { tail: { type: 'pareto', alpha: 1.5 } } })).toBe('calibration.tail.alpha');
    expect(fieldOf({ calibration: { cv: { s1: -2 } } })).toBe('calibration.cv.s1');
    expect(fieldOf({ attainment: { correlation: 2 } })).toBe('attainment.correlation');
  });
});
