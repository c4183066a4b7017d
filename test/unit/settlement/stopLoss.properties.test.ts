import fc from 'fast-check';
import { expect, it } from 'vitest';
import { StopLoss } from '../../../shared/core/scenario/riskShare.ts';
import { parseWith } from '../../../shared/core/scenario/validate.ts';
import { stopLossRecovery } from '../../../shared/core/settlement/stopLoss.ts';

const limit = fc.option(fc.double({ min: 1, max: 1e6, noNaN: true }), { nil: null });
const cover = fc
  .record({
    specific: fc.option(
      fc.record({
        attachment: fc.double({ min: 1, max: 500_000, noNaN: true }),
        coinsurance: fc.double({ min: 0, max: 1, noNaN: true }),
        limit,
      }),
      { nil: null },
    ),
    aggregate: fc.option(
      fc.record({
        attachmentRate: fc.double({ min: 1, max: 1.5, noNaN: true }),
        coinsurance: fc.double({ min: 0, max: 1, noNaN: true }),
        limit,
      }),
      { nil: null },
    ),
  })
  .map((c) => parseWith(StopLoss, c));

it('recoveries are never negative and never exceed the excess they cover', () => {
  fc.assert(
    fc.property(
      cover,
      fc.double({ min: 1e5, max: 1e8, noNaN: true }),
      fc.array(fc.double({ min: 0, max: 3e6, noNaN: true }), { maxLength: 30 }),
      fc.double({ min: 0, max: 2e8, noNaN: true }),
      (sl, benchmark, patients, other) => {
        const spend = other + patients.reduce((a, v) => a + v, 0);
        const r = stopLossRecovery(sl, benchmark, spend, patients);
        const eps = 1e-6;
        expect(r.specific).toBeGreaterThanOrEqual(0);
        expect(r.aggregate).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeCloseTo(r.specific + r.aggregate, 6);
        const s = sl.specific;
        const specificExcess = s ? patients.reduce((a, c) => a + Math.max(0, c - s.attachment), 0) : 0;
        expect(r.specific).toBeLessThanOrEqual(specificExcess + eps);
        if (s?.limit != null)
          expect(r.specific).toBeLessThanOrEqual(s.coinsurance * s.limit * patients.length + eps);
        const a = sl.aggregate;
        const aggExcess = a ? Math.max(0, spend - r.specific - a.attachmentRate * benchmark) : 0;
        expect(r.aggregate).toBeLessThanOrEqual(aggExcess + eps);
        if (a?.limit != null) expect(r.aggregate).toBeLessThanOrEqual(a.coinsurance * a.limit + eps);
        expect(r.total).toBeLessThanOrEqual(spend + eps);
        expect(r.patientsAboveAttachment).toBe(s ? patients.filter((c) => c > s.attachment).length : 0);
      },
    ),
  );
});
