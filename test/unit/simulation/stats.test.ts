import { describe, expect, it } from 'vitest';
import { memberShare } from '../../../shared/core/settlement/yearEnd.ts';
import { TrialStream } from '../../../shared/core/simulation/prng.ts';
import { PERCENTILES, orderStatistics, summarize } from '../../../shared/core/simulation/stats.ts';

/* The summaries read order statistics by radix selection, not a sort: checked against a full sort on samples with
 * ties, zeros of both signs, a heavy tail, concentrated values (one exponent for most of them) and sizes on both
 * sides of the selection's sorting cut-off; and the summary of theta x the providers' outcomes (a member's) against
 * the summary of the member's outcomes computed one by one with memberShare. */

function sample(kind: string, n: number, seed: number): Float64Array {
  const s = new TrialStream(seed, 0);
  return Float64Array.from({ length: n }, () => {
    const u = s.uniform();
    if (kind === 'ties') return Math.floor(u * 7) - 3 || (s.uniform() < 0.5 ? -0 : 0);
    if (kind === 'heavy') return (u < 0.5 ? -1 : 1) * 1e4 * u ** -1.5;
    if (kind === 'concentrated') return -5.7e6 + 1e3 * s.normal();
    return 3e6 * s.normal() - 1e6;
  });
}

/** The summary as the sort-based code computed it: sorted values, type-7 quantiles, tails summed in sorted order. */
function bySorting(values: Float64Array, bins: number) {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * (sorted[Math.min(n - 1, lo + 1)]! - sorted[lo]!);
  };
  const tvar = (a: number) => {
    const k = Math.max(1, Math.ceil(n * (1 - a) - 1e-9));
    let sum = 0;
    for (let i = 0; i < k; i++) sum += sorted[i]!;
    return -sum / k;
  };
  const lo = q(0.001);
  const width = (q(0.999) - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  if (q(0.999) > lo)
    for (const v of values) counts[Math.max(0, Math.min(bins - 1, Math.floor((v - lo) / width)))]!++;
  return {
    min: sorted[0],
    max: sorted[n - 1],
    percentiles: PERCENTILES.map(q),
    tvar95: tvar(0.95),
    tvar99: tvar(0.99),
    counts: q(0.999) > lo ? counts : [n],
  };
}

describe('order statistics by selection', () => {
  for (const kind of ['normal', 'ties', 'heavy', 'concentrated'])
    for (const n of [1, 7, 2_000, 40_000])
      it(`${kind}, n = ${n}: every requested rank is the sorted value there`, () => {
        const v = sample(kind, n, n);
        const sorted = Float64Array.from(v).sort();
        const ranks = [0, n - 1, Math.floor(n / 2), Math.floor(n * 0.01), Math.floor(n * 0.999), 3, n - 4];
        const got = orderStatistics(v, ranks);
        for (const r of ranks.filter((r) => r >= 0 && r < n))
          expect(Object.is(got.get(r), sorted[r])).toBe(true);
      });
});

describe('summaries by selection equal the sort-based ones', () => {
  for (const kind of ['normal', 'ties', 'heavy', 'concentrated'])
    it(kind, () => {
      const v = sample(kind, 30_000, 3);
      const s = summarize(v, 40);
      const ref = bySorting(v, 40);
      expect(s.min).toBe(ref.min);
      expect(s.max).toBe(ref.max);
      expect(s.percentiles.map((p) => p.value)).toEqual(ref.percentiles);
      expect(s.histogram.map((b) => b.count)).toEqual(ref.counts);
      // Tail means: the same values summed in another order (trial order), so equal to rounding.
      expect(s.tvar95.value).toBeCloseTo(ref.tvar95, 6);
      expect(s.tvar99.value).toBeCloseTo(ref.tvar99, 6);
    });

  it("a member's summary (theta x the providers') is the summary of its outcomes computed with memberShare", () => {
    const provider = sample('normal', 20_000, 9);
    for (const theta of [0.37, 0.125, 1]) {
      const member = Float64Array.from(provider, (x) => memberShare(theta, x));
      expect(summarize(provider, 40, theta)).toEqual(summarize(member, 40));
    }
  });
});
