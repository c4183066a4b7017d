import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/core/base/errors.ts';
import { msspMsr, thresholdRate } from '../../../shared/core/settlement/msr.ts';

const table = { type: 'mssp_table' } as const;

describe('thresholdRate', () => {
  it('fixed: the rate whatever the population', () => {
    expect(thresholdRate({ type: 'fixed', rate: 0.02 }, 123)).toBe(0.02);
    expect(thresholdRate({ type: 'fixed', rate: 0 }, 0)).toBe(0);
  });

  it('mssp_table: band end points straight from 42 CFR 425.604(b) (§3.1)', () => {
    expect(thresholdRate(table, 5_000)).toBeCloseTo(0.039, 12); // low end of 5,000-5,999
    expect(thresholdRate(table, 5_999)).toBeCloseTo(0.036, 12); // high end of 5,000-5,999
    expect(thresholdRate(table, 6_000)).toBeCloseTo(0.036, 12); // low end of 6,000-6,999
    expect(thresholdRate(table, 20_000)).toBeCloseTo(0.025, 12); // low end of 20,000-49,999
    expect(thresholdRate(table, 59_999)).toBeCloseTo(0.02, 12); // high end of 50,000-59,999
    expect(thresholdRate(table, 60_000)).toBe(0.02); // 60,000+ flat 2.0%
    expect(thresholdRate(table, 1_000_000)).toBe(0.02);
  });

  it('mssp_table: linear inside a band, N_hi = the band upper bound', () => {
    // 5,500: 3.9% + (5,500 - 5,000)/(5,999 - 5,000) x (3.6% - 3.9%) = 0.039 - 0.003 x 500/999 = 0.0374984985
    expect(thresholdRate(table, 5_500)).toBeCloseTo(0.0374984985, 9);
    // 12,500: 3.0% + 2,500/4,999 x (2.7% - 3.0%) = 0.03 - 0.003 x 0.5001000200 = 0.0284996999
    expect(thresholdRate(table, 12_500)).toBeCloseTo(0.0284996999, 9);
    // 35,000: 2.5% + 15,000/29,999 x (2.2% - 2.5%) = 0.025 - 0.003 x 0.5000166672 = 0.0234999500
    expect(thresholdRate(table, 35_000)).toBeCloseTo(0.02349995, 9);
  });

  it('mssp_table: fractional person-years between bands hold the band end value', () => {
    // 5,999.5 lies between 5,999 (3.6%) and 6,000 (3.6%): 3.6%.
    expect(thresholdRate(table, 5_999.5)).toBeCloseTo(0.036, 12);
  });

  it('mssp_table: below the 5,000 minimum the 5,000 value 3.9% is held', () => {
    expect(thresholdRate(table, 4_999)).toBe(0.039);
    expect(thresholdRate(table, 0)).toBe(0.039);
  });

  it('normal_variation: max(floor, z x cv / sqrt(N))', () => {
    const nv = { type: 'normal_variation', z: 1.96, cv: 3, floor: 0.02 } as const;
    // 1.96 x 3 / sqrt(10,000) = 5.88 / 100 = 0.0588 > floor
    expect(thresholdRate(nv, 10_000)).toBeCloseTo(0.0588, 12);
    // 1.96 x 3 / sqrt(1,000,000) = 0.00588 < floor 0.02
    expect(thresholdRate(nv, 1_000_000)).toBe(0.02);
    // nobody: never outside normal variation
    expect(thresholdRate(nv, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects negative or NaN person-years where the population matters', () => {
    expect(() => thresholdRate(table, -1)).toThrow(DomainError);
    expect(() => thresholdRate(table, Number.NaN)).toThrow(DomainError);
  });

  it('property: the MSSP curve is non-increasing, continuous and within [2.0%, 3.9%]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100_000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, d) => {
          const a = msspMsr(n);
          const b = msspMsr(n + d);
          expect(a).toBeGreaterThanOrEqual(0.02 - 1e-15);
          expect(a).toBeLessThanOrEqual(0.039 + 1e-15);
          expect(b).toBeLessThanOrEqual(a + 1e-15);
          // steepest slope is 0.3 pp over 999 beneficiaries, ~3e-6 per person-year
          expect(a - b).toBeLessThanOrEqual(4e-6 * d + 1e-15);
        },
      ),
    );
  });
});
