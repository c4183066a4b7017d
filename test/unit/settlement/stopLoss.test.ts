import { describe, expect, it } from 'vitest';
import { StopLoss } from '../../../shared/core/scenario/riskShare.ts';
import { parseWith } from '../../../shared/core/scenario/validate.ts';
import { stopLossRecovery } from '../../../shared/core/settlement/stopLoss.ts';

const sl = (input: unknown) => parseWith(StopLoss, input);
const B = 1_000_000;

describe('specific stop-loss (per patient)', () => {
  const patients = [40_000, 60_000, 150_000];

  it('R_i = c x max(0, C_i - A): A 50,000, c 0.8', () => {
    // excesses 0, 10,000, 100,000 -> 0.8 x 110,000 = 88,000; two patients above A
    const r = stopLossRecovery(
      sl({ specific: { attachment: 50_000, coinsurance: 0.8 } }),
      B,
      1_200_000,
      patients,
    );
    expect(r.specific).toBeCloseTo(88_000, 6);
    expect(r.aggregate).toBe(0);
    expect(r.total).toBeCloseTo(88_000, 6);
    expect(r.patientsAboveAttachment).toBe(2);
  });

  it('limit caps the covered excess per patient: c x min(excess, 50,000)', () => {
    // min(10,000, 50,000) + min(100,000, 50,000) = 60,000; x 0.8 = 48,000
    const r = stopLossRecovery(
      sl({ specific: { attachment: 50_000, coinsurance: 0.8, limit: 50_000 } }),
      B,
      0,
      patients,
    );
    expect(r.specific).toBeCloseTo(48_000, 6);
  });

  it('a patient exactly at the attachment recovers nothing and is not counted', () => {
    const r = stopLossRecovery(sl({ specific: { attachment: 50_000, coinsurance: 0.8 } }), B, 0, [50_000]);
    expect(r.specific).toBe(0);
    expect(r.patientsAboveAttachment).toBe(0);
  });
});

describe('aggregate stop-loss (after specific)', () => {
  const aggregate = { attachmentRate: 1.1, coinsurance: 0.9 };

  it('c_a x max(0, spend - A_agg x B): 0.9 x (1,300,000 - 1,100,000) = 180,000', () => {
    const r = stopLossRecovery(sl({ aggregate }), B, 1_300_000, []);
    expect(r.aggregate).toBeCloseTo(180_000, 6);
    expect(r.total).toBeCloseTo(180_000, 6);
  });

  it('on the spend left after specific recoveries', () => {
    // specific 88,000 (above); remaining 1,300,000 - 88,000 = 1,212,000; 0.9 x (1,212,000 - 1,100,000) = 100,800
    const r = stopLossRecovery(
      sl({ specific: { attachment: 50_000, coinsurance: 0.8 }, aggregate }),
      B,
      1_300_000,
      [40_000, 60_000, 150_000],
    );
    expect(r.specific).toBeCloseTo(88_000, 6);
    expect(r.aggregate).toBeCloseTo(100_800, 6);
    expect(r.total).toBeCloseTo(188_800, 6);
  });

  it('limit: 0.9 x min(200,000, 50,000) = 45,000', () => {
    const r = stopLossRecovery(sl({ aggregate: { ...aggregate, limit: 50_000 } }), B, 1_300_000, []);
    expect(r.aggregate).toBeCloseTo(45_000, 6);
  });

  it('below the attachment: nothing (never negative)', () => {
    const r = stopLossRecovery(sl({ aggregate }), B, 1_050_000, []);
    expect(r.aggregate).toBe(0);
  });
});

it('no cover: all zero', () => {
  expect(stopLossRecovery(sl({}), B, 5_000_000, [1_000_000])).toEqual({
    specific: 0,
    aggregate: 0,
    total: 0,
    patientsAboveAttachment: 0,
  });
});
