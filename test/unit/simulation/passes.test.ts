import { describe, expect, it } from 'vitest';
import {
  FLAG_AGGREGATE,
  FLAG_GAIN_CAP,
  FLAG_LOSS_CAP,
  FLAG_SPECIFIC,
  allocateOutcomes,
} from '../../../shared/core/simulation/chunk.ts';
import {
  histogramCounts,
  momentsAndTails,
  primeStatisticsPasses,
  sumAndLosses,
  tailSpread,
} from '../../../shared/core/simulation/passes.ts';
import { TrialStream } from '../../../shared/core/simulation/prng.ts';
import { outcomeMeans } from '../../../shared/core/simulation/simulate.ts';
import { orderStatistics } from '../../../shared/core/simulation/stats.ts';

/* The statistics' passes (passes.ts) were written to be cheap in a fresh worker, not to change a number: each is
 * checked here against the plain loop it replaced (the code of the previous release, written out below), to the
 * bit, on data with losses, zeros of both signs, values on the histogram's bin edges and outside its range. The
 * histogram selection is checked against a full sort on the data its bins cannot split too (its fallback). */

const bits = (x: number) => (Object.is(x, -0) ? '-0' : String(x));

function data(n: number, seed: number): Float64Array {
  const s = new TrialStream(seed, 0);
  const v = Float64Array.from({ length: n }, () => 3e6 * s.normal() - 1e6);
  // Zeros of both signs, exact bin edges of the histogram below (lo = -4e6, width = 2e5) and far outside it.
  v.set([0, -0, -4e6, -4e6 + 2e5, -4e6 + 20 * 2e5, 4e6, 1e12, -1e12, 5e-324, -5e-324], 0);
  return v;
}

describe('the statistics passes compute what the loops they replaced computed', () => {
  const x = data(20_011, 5);
  primeStatisticsPasses();

  for (const theta of [1, 0.37, 0])
    it(`theta = ${theta}: sum and losses, moments, tails, histogram and the tails' spread`, () => {
      const out = new Float64Array(6);
      sumAndLosses(x, theta, out);
      let sum = 0;
      let losses = 0;
      for (let i = 0; i < x.length; i++) {
        const v = theta * x[i]!;
        sum += v;
        if (v < 0) losses++;
      }
      expect([bits(out[0]!), out[1]]).toEqual([bits(sum), losses]);

      const mean = sum / x.length;
      const [t95, t99, lo, width, bins] = [-5e6 * theta, -7e6 * theta, -4e6, 2e5, 40];
      const counts = new Int32Array(bins + 1);
      const tail = new Float64Array(x.length);
      momentsAndTails(x, theta, mean, t95, t99, tail, out);
      const got = Array.from(out);
      histogramCounts(x, theta, lo, width, counts);
      // The previous release's pass 2, as it was.
      const ref = new Float64Array(bins);
      let [m2, m4, sum95, below95, sum99, below99] = [0, 0, 0, 0, 0, 0];
      for (let i = 0; i < x.length; i++) {
        const v = theta * x[i]!;
        const d = v - mean;
        const d2 = d * d;
        m2 += d2;
        m4 += d2 * d2;
        if (v < t95) {
          sum95 += v;
          below95++;
          if (v < t99) {
            sum99 += v;
            below99++;
          }
        }
        const b = Math.floor((v - lo) / width);
        ref[b < 0 ? 0 : b >= bins ? bins - 1 : b]!++;
      }
      expect(got.map(bits)).toEqual([m2, m4, sum95, below95, sum99, below99].map(bits));
      expect(Array.from(counts.subarray(0, bins))).toEqual(Array.from(ref));
      expect(counts[bins]).toBe(0);

      // The tails' spread over the kept tail against the previous pass over every value.
      const tvar95 = 1e6;
      const tvar99 = 2e6;
      tailSpread(tail, below95, t99, tvar95, tvar99, out);
      let [ss95, ss99] = [0, 0];
      for (let i = 0; i < x.length; i++) {
        const v = theta * x[i]!;
        if (v < t95) {
          const d = -v - tvar95;
          ss95 += d * d;
          if (v < t99) {
            const e = -v - tvar99;
            ss99 += e * e;
          }
        }
      }
      expect([bits(out[0]!), bits(out[1]!)]).toEqual([bits(ss95), bits(ss99)]);
    });

  it('outcomeMeans: the flag shares are the counts of each mask, the means as before', () => {
    const n = 5_000;
    const o = allocateOutcomes(0, n);
    const s = new TrialStream(11, 0);
    for (let i = 0; i < n; i++) {
      o.flags[i] = Math.floor(s.uniform() * 16);
      o.specific[i] = s.uniform() < 0.3 ? 0 : 1e5 * s.uniform();
      o.reinvestment[i] = -3 + s.normal();
    }
    const m = outcomeMeans(o);
    const share = (mask: number) => o.flags.filter((f) => (f & mask) !== 0).length / n;
    expect(m.probabilities.gainCapBinds.value).toBe(share(FLAG_GAIN_CAP));
    expect(m.probabilities.lossCapBinds.value).toBe(share(FLAG_LOSS_CAP));
    expect(m.probabilities.anyStopLoss.value).toBe(share(FLAG_SPECIFIC | FLAG_AGGREGATE));
    expect(m.probabilities.specificStopLoss.value).toBe(share(FLAG_SPECIFIC));
    expect(m.probabilities.aggregateStopLoss.value).toBe(share(FLAG_AGGREGATE));
    let sum = 0;
    for (const v of o.specific) sum += v;
    let ss = 0;
    for (const v of o.specific) ss += (v - sum / n) ** 2;
    expect(m.means.specificRecovery).toEqual({ value: sum / n, se: Math.sqrt(ss / (n - 1) / n) });
  });
});

describe('order statistics where the histogram cannot split the data (the radix fallback)', () => {
  const cases: [string, Float64Array][] = [
    ['every value equal (a range of zero width)', new Float64Array(10_000).fill(-2.5)],
    [
      'most values equal (one bin holds most of them)',
      Float64Array.from({ length: 10_000 }, (_, i) => (i % 97 === 0 ? i : 7)),
    ],
    [
      'a NaN among them',
      Float64Array.from({ length: 10_000 }, (_, i) => (i === 4321 ? Number.NaN : Math.sin(i))),
    ],
    [
      'an infinite value sets the sampled range',
      Float64Array.from({ length: 10_000 }, (_, i) => (i % 64 === 0 ? Number.POSITIVE_INFINITY : i)),
    ],
  ];
  for (const [name, v] of cases)
    it(name, () => {
      const n = v.length;
      const sorted = Float64Array.from(v).sort();
      const ranks = [0, 1, 17, Math.floor(n / 2), n - 2, n - 1];
      const got = orderStatistics(v, ranks);
      for (const r of ranks) expect(Object.is(got.get(r), sorted[r])).toBe(true);
    });
});
