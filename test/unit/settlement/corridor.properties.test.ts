import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectNonIncreasing, shareOf, world } from '../../fixtures/corridorWorld.ts';
import { type RiskShareInput, RiskShareSpec } from '../../../shared/core/scenario/riskShare.ts';
import { parseWith } from '../../../shared/core/scenario/validate.ts';
import { applyCorridor } from '../../../shared/core/settlement/corridor.ts';

/* Properties over random well-formed specifications (rising bands, last band open). */

const rate = fc.double({ min: 0, max: 1, noNaN: true });
const bands = fc
  .array(fc.record({ width: fc.double({ min: 0.001, max: 0.3, noNaN: true }), providerRate: rate }), {
    minLength: 0,
    maxLength: 3,
  })
  .chain((inner) =>
    rate.map((top) => {
      let upTo = 0;
      const out: { upTo: number | null; providerRate: number }[] = inner.map((b) => {
        upTo += b.width;
        return { upTo, providerRate: b.providerRate };
      });
      out.push({ upTo: null, providerRate: top });
      return out;
    }),
  );
const threshold = fc.oneof(
  fc.record({ type: fc.constant('fixed' as const), rate: fc.double({ min: 0, max: 0.1, noNaN: true }) }),
  fc.constant({ type: 'mssp_table' as const }),
  fc.record({
    type: fc.constant('normal_variation' as const),
    z: fc.double({ min: 0.5, max: 3, noNaN: true }),
    cv: fc.double({ min: 0.5, max: 5, noNaN: true }),
    floor: fc.double({ min: 0, max: 0.03, noNaN: true }),
  }),
);
const side = fc.record({
  threshold,
  thresholdMode: fc.constantFrom('first_dollar' as const, 'net' as const),
  bands,
  capRate: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: null }),
});
const specArb = fc
  .record({
    discount: fc.double({ min: 0, max: 0.1, noNaN: true }),
    order: fc.constantFrom('share_then_cap' as const, 'cap_then_share' as const),
    gain: fc.record({
      side,
      scaleByQuality: fc.boolean(),
      haircut: fc.double({ min: 0, max: 0.1, noNaN: true }),
    }),
    loss: fc.record({
      side,
      revenueCapRate: fc.option(fc.double({ min: 0, max: 0.1, noNaN: true }), { nil: null }),
      quality: fc.option(
        fc.record({
          base: fc.double({ min: 0, max: 1.5, noNaN: true }),
          slope: fc.double({ min: -1, max: 1, noNaN: true }),
        }),
        { nil: null },
      ),
    }),
  })
  .map((r) => {
    const input: RiskShareInput = {
      discount: r.discount,
      order: r.order,
      gain: { ...r.gain.side, scaleByQuality: r.gain.scaleByQuality, haircut: r.gain.haircut },
      loss: {
        ...r.loss.side,
        revenueCapRate: r.loss.revenueCapRate,
        qualityLinkedRate: r.loss.quality === null ? null : { ...r.loss.quality, min: 0.2, max: 0.8 },
      },
    };
    return parseWith(RiskShareSpec, input);
  });

const spendRate = fc.double({ min: 0, max: 2, noNaN: true });

describe('corridor over random specifications', () => {
  it('non-increasing in spend', () => {
    fc.assert(
      fc.property(specArb, world, spendRate, spendRate, (spec, w, a, b) => {
        expectNonIncreasing(spec, w, a, b);
      }),
      { numRuns: 500 },
    );
  });

  it('cap respected, signs follow the result, bands add up, cheap variant agrees', () => {
    fc.assert(
      fc.property(specArb, world, spendRate, (spec, w, r) => {
        const spend = r * w.benchmark;
        const c = applyCorridor({ spec, ...w, spend });
        const eps = 1e-9 * w.benchmark;
        if (c.cap !== null) expect(Math.abs(c.providerShare)).toBeLessThanOrEqual(c.cap + eps);
        expect(Math.abs(c.providerShare)).toBeLessThanOrEqual(Math.abs(c.providerBeforeCap) + eps);
        expect(c.providerShare * c.resultRate).toBeGreaterThanOrEqual(0);
        expect(c.providerBeforeCap).toBeCloseTo(
          c.bands.reduce((a, b) => a + b.providerAmount, 0),
          4,
        );
        if (!c.thresholdMet) expect(c.providerShare).toBe(0);
        expect(c.haircut).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  it('net thresholds: no jumps (|change in share| <= |change in spend|)', () => {
    const netSpec = specArb.map((s) => ({
      ...s,
      gain: { ...s.gain, thresholdMode: 'net' as const },
      loss: { ...s.loss, thresholdMode: 'net' as const },
    }));
    fc.assert(
      fc.property(
        netSpec,
        world,
        spendRate,
        fc.double({ min: -1e-6, max: 1e-6, noNaN: true }),
        (spec, w, r, d) => {
          const x1 = r * w.benchmark;
          const x2 = x1 + d * w.benchmark;
          const s1 = shareOf(spec, w.benchmark, x1, w.personYears, w.quality, w.revenue);
          const s2 = shareOf(spec, w.benchmark, x2, w.personYears, w.quality, w.revenue);
          expect(Math.abs(s2 - s1)).toBeLessThanOrEqual(Math.abs(x2 - x1) + 1e-9 * w.benchmark);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('net thresholds: no jump where the spend crosses the threshold, on either side', () => {
    const netFixed = specArb.chain((s) =>
      fc.double({ min: 0.001, max: 0.1, noNaN: true }).map((t) => ({
        ...s,
        gain: { ...s.gain, thresholdMode: 'net' as const, threshold: { type: 'fixed' as const, rate: t } },
        loss: { ...s.loss, thresholdMode: 'net' as const, threshold: { type: 'fixed' as const, rate: t } },
      })),
    );
    fc.assert(
      fc.property(
        netFixed,
        world,
        fc.boolean(),
        fc.double({ min: 1e-9, max: 1e-6, noNaN: true }),
        (spec, w, gain, d) => {
          const bp = w.benchmark * (1 - spec.discount);
          const t = spec.gain.threshold.type === 'fixed' ? spec.gain.threshold.rate : 0;
          const at = bp * (gain ? 1 - t : 1 + t);
          const x1 = at - d * bp;
          const x2 = at + d * bp;
          const s1 = shareOf(spec, w.benchmark, x1, w.personYears, w.quality, w.revenue);
          const s2 = shareOf(spec, w.benchmark, x2, w.personYears, w.quality, w.revenue);
          expect(Math.abs(s2 - s1)).toBeLessThanOrEqual(Math.abs(x2 - x1) + 1e-9 * w.benchmark);
        },
      ),
      { numRuns: 500 },
    );
  });
});
