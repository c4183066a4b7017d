import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectNonIncreasing, shareOf, world } from '../../fixtures/corridorWorld.ts';
import { listPresets, resolveRiskShare } from '../../../shared/core/presets/riskSharePresets.ts';
import type { RiskShareSpec } from '../../../shared/core/scenario/riskShare.ts';
import { applyCorridor } from '../../../shared/core/settlement/corridor.ts';
import { stopLossRecovery } from '../../../shared/core/settlement/stopLoss.ts';

/* Properties every preset must have, whatever the benchmark, population, quality and revenue. */

const presets = listPresets();
const spendRate = fc.double({ min: 0, max: 3, noNaN: true });

/** Designs with no jump: each side's threshold is net, or zero. */
function continuous(spec: RiskShareSpec): boolean {
  const ok = (s: RiskShareSpec['gain' | 'loss']) =>
    s.thresholdMode === 'net' || (s.threshold.type === 'fixed' && s.threshold.rate === 0);
  return ok(spec.gain) && ok(spec.loss);
}

describe.each(presets.map((p) => [p.id, p.spec] as const))('%s', (_id, spec) => {
  it('provider share is non-increasing in spend', () => {
    fc.assert(
      fc.property(world, spendRate, spendRate, (w, a, b) => {
        expectNonIncreasing(spec, w, a, b);
      }),
    );
  });

  it('|provider share| never exceeds its cap, the result, and has the sign of the result', () => {
    fc.assert(
      fc.property(world, spendRate, (w, r) => {
        const c = applyCorridor({ spec, ...w, spend: r * w.benchmark });
        const eps = 1e-9 * w.benchmark;
        if (c.cap !== null) expect(Math.abs(c.providerShare)).toBeLessThanOrEqual(c.cap + eps);
        const result = c.discountedBenchmark - r * w.benchmark;
        expect(Math.abs(c.providerShare)).toBeLessThanOrEqual(Math.abs(result) + eps);
        if (result > 0) expect(c.providerShare).toBeGreaterThanOrEqual(0);
        if (result < 0) expect(c.providerShare).toBeLessThanOrEqual(0);
        expect(c.side).toBe(result > 0 ? 'gain' : result < 0 ? 'loss' : 'none');
      }),
    );
  });

  it.runIf(continuous(spec))('is continuous in spend (net thresholds): |change| <= |spend change|', () => {
    fc.assert(
      fc.property(world, spendRate, fc.double({ min: -1e-6, max: 1e-6, noNaN: true }), (w, r, d) => {
        const x1 = r * w.benchmark;
        const x2 = x1 + d * w.benchmark;
        const s1 = shareOf(spec, w.benchmark, x1, w.personYears, w.quality, w.revenue);
        const s2 = shareOf(spec, w.benchmark, x2, w.personYears, w.quality, w.revenue);
        expect(Math.abs(s2 - s1)).toBeLessThanOrEqual(Math.abs(x2 - x1) + 1e-9 * w.benchmark);
      }),
    );
  });
});

it('the continuous presets are the net / no-threshold designs', () => {
  expect(presets.filter((p) => !continuous(p.spec)).map((p) => p.id)).toEqual([
    'mssp_basic_a',
    'mssp_basic_b',
    'mssp_basic_c',
    'mssp_basic_d',
    'mssp_basic_e',
    'mssp_enhanced',
  ]);
});

describe('with stop-loss in front of the corridor', () => {
  // Each preset with specific and aggregate cover from the preset reference.
  const stopLoss = {
    specific: { attachment: 50_000, coinsurance: 0.8, limit: 500_000 },
    aggregate: { attachmentRate: 1.1, coinsurance: 0.9, limit: null },
  };
  const cases = presets.map((p) => [p.id, resolveRiskShare({ preset: p.id, stopLoss })] as const);

  const scenario = fc.record({
    benchmark: fc.double({ min: 1e6, max: 1e8, noNaN: true }),
    patients: fc.array(fc.double({ min: 0, max: 2e6, noNaN: true }), { maxLength: 20 }),
    other: fc.double({ min: 0, max: 2e8, noNaN: true }),
    bump: fc.double({ min: 0, max: 1e6, noNaN: true }),
    who: fc.nat(),
  });

  /** Provider share when X = other spend + the high-cost patients' costs, net of recoveries. */
  function shareWith(spec: RiskShareSpec, benchmark: number, other: number, patients: number[]): number {
    const spend = other + patients.reduce((a, v) => a + v, 0);
    const r = stopLossRecovery(spec.stopLoss, benchmark, spend, patients);
    return shareOf(spec, benchmark, spend - r.total, 20_000);
  }

  it.each(cases)('%s: more cost (one patient or the rest) never raises the provider share', (_id, spec) => {
    fc.assert(
      fc.property(scenario, (s) => {
        const base = shareWith(spec, s.benchmark, s.other, s.patients);
        const eps = 1e-9 * s.benchmark;
        expect(shareWith(spec, s.benchmark, s.other + s.bump, s.patients)).toBeLessThanOrEqual(base + eps);
        if (s.patients.length > 0) {
          const bumped = s.patients.slice();
          bumped[s.who % bumped.length]! += s.bump;
          expect(shareWith(spec, s.benchmark, s.other, bumped)).toBeLessThanOrEqual(base + eps);
        }
      }),
    );
  });
});
