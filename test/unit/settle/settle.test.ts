import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/core/base/errors.ts';
import { calculate } from '../../../shared/core/engine/calculate.ts';
import { listPresets } from '../../../shared/core/presets/riskSharePresets.ts';
import type { ScenarioInput } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { prepareSettlement, settle, settleWith } from '../../../shared/core/settlement/settle.ts';
import { parseWith } from '../../../shared/core/scenario/validate.ts';
import { Actual } from '../../../shared/core/settlement/actual.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

// The tiny scenario's contract value is 4,300,000 GBP in every year (no trajectory): see its derivation.
const B = 4_300_000;
const scenario = (overrides: Partial<ScenarioInput> = {}) => parseScenario(tinyScenario(overrides));
const outcomes = {
  withholdRate: 0.1,
  measures: [
    { id: 'm1', name: 'Avoidable admissions', weight: 0.6 },
    { id: 'm2', name: 'Patient experience', weight: 0.4 },
  ],
};

describe('settle: hand-worked reconciliations (50/50 symmetric corridor)', () => {
  it('shares a saving half and half and splits the providers half pro rata to budget', () => {
    const s = settle(scenario(), 1, { spend: 4_200_000 });
    expect(s.grossResult).toBeCloseTo(100_000, 6);
    expect(s.providerShare).toBeCloseTo(50_000, 6);
    expect(s.commissionerShare).toBeCloseTo(50_000, 6);
    // Members: fed 700,000 / 4,300,000 of the budget, trust 3,600,000 / 4,300,000.
    expect(s.members[0]!.share).toBeCloseTo((50_000 * 700_000) / B, 6);
    expect(s.members[1]!.share).toBeCloseTo((50_000 * 3_600_000) / B, 6);
  });

  it('recovers specific stop-loss per patient before sharing the loss (B6)', () => {
    const sc = scenario({
      riskShare: {
        preset: 'nhs_symmetric_50_50',
        stopLoss: { specific: { attachment: 50_000, coinsurance: 0.8 } },
      },
    });
    const s = settle(sc, 1, { spend: 4_500_000, highCostPatients: [80_000, 40_000] });
    // R = 0.8 x (80,000 - 50,000) = 24,000; shared loss = 200,000 - 24,000 = 176,000; providers bear half.
    expect(s.stopLoss.specific).toBeCloseTo(24_000, 6);
    expect(s.stopLoss.patientsAboveAttachment).toBe(1);
    expect(s.providerShare).toBeCloseTo(-88_000, 6);
    // The commissioner bears the other half and funds the recovery: -88,000 - 24,000.
    expect(s.commissionerShare).toBeCloseTo(-112_000, 6);
  });

  it('recovers aggregate stop-loss above its attachment (B6)', () => {
    const sc = scenario({
      riskShare: {
        preset: 'nhs_symmetric_50_50',
        stopLoss: { aggregate: { attachmentRate: 1.1, coinsurance: 0.5 } },
      },
    });
    const s = settle(sc, 1, { spend: 1.2 * B });
    // 0.5 x (1.2B - 1.1B) = 0.05B
    expect(s.stopLoss.aggregate).toBeCloseTo(0.05 * B, 6);
    // Shared loss = 0.2B - 0.05B = 0.15B; providers bear half.
    expect(s.providerShare).toBeCloseTo(-0.075 * B, 6);
  });

  it('keeps unearned withhold from providers (B8): linear rule', () => {
    const s = settle(scenario({ outcomes }), 1, { spend: B, measureAttainment: { m1: 1, m2: 0 } });
    // score = 0.6 x 1 + 0.4 x 0 = 0.6; W = 0.1 x 4,300,000 = 430,000; earned 258,000; unearned 172,000.
    expect(s.withhold!.score).toBeCloseTo(0.6, 12);
    expect(s.withhold!.earned).toBeCloseTo(258_000, 6);
    expect(s.providerShare).toBeCloseTo(-172_000, 6);
    expect(s.commissionerShare).toBeCloseTo(172_000, 6);
  });

  it('sends unearned withhold to a reinvestment pot when so configured, and a gate pays nothing below it', () => {
    const s = settle(
      scenario({
        outcomes: { ...outcomes, rule: { type: 'gate', threshold: 0.7 }, unearnedTo: 'reinvestment' },
      }),
      1,
      { spend: B, measureAttainment: { m1: 1, m2: 0 } },
    );
    expect(s.withhold!.earned).toBe(0); // 0.6 < 0.7
    expect(s.reinvestment).toBeCloseTo(430_000, 6);
    expect(s.commissionerShare).toBeCloseTo(0, 6);
    expect(s.providerShare).toBeCloseTo(-430_000, 6);
  });

  it('pays the variable element of an API-style member (B9)', () => {
    const sc = scenario({
      providers: [
        { id: 'fed', name: 'GP Federation', kind: 'gp_federation' },
        {
          id: 'trust',
          name: 'Acute Trust',
          kind: 'acute_trust',
          payment: { type: 'fixed_variable', variableRate: 0.2, unitPrice: 1_000, plannedActivity: 3_000 },
        },
      ],
    });
    const s = settle(sc, 1, { spend: B, activity: { trust: 3_100 } });
    expect(s.members[1]!.variableAdjustment).toBeCloseTo(0.2 * 1_000 * 100, 6);
  });

  it('refuses a year outside the contract, naming the field', () => {
    expect(() => settle(scenario(), 3, { spend: B })).toThrow(DomainError);
    expect(() => settle(scenario(), 0, { spend: B })).toThrow(/year: must be a contract year from 1 to 2/);
    expect(() => settle(scenario(), 1, { spend: -1 })).toThrow(/actual\.spend/);
  });
});

describe('settle: properties for every preset', () => {
  const presets = listPresets().map((p) => p.id);
  const spend = fc.double({ min: 0.5 * B, max: 1.5 * B, noNaN: true });

  it('provider + commissioner + reinvestment = gross result, members sum to the providers share', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...presets),
        spend,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (preset, x, q) => {
          const withPreset = scenario({
            outcomes,
            riskShare: { preset, stopLoss: { specific: { attachment: 60_000, coinsurance: 0.9 } } },
          });
          const ctx = prepareSettlement(withPreset, 1, calculate(withPreset));
          const s = settleWith(
            ctx,
            parseWith(Actual, { spend: x, highCostPatients: [100_000], measureAttainment: { m1: q, m2: q } }),
          );
          expect(s.providerShare + s.commissionerShare + s.reinvestment).toBeCloseTo(s.grossResult, 4);
          expect(s.members.reduce((a, m) => a + m.share, 0)).toBeCloseTo(s.providerShare, 4);
          expect(s.stopLoss.total).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the providers share never rises when spend rises', () => {
    fc.assert(
      fc.property(fc.constantFrom(...presets), spend, spend, (preset, a, b) => {
        const withPreset = scenario({ riskShare: { preset } });
        const ctx = prepareSettlement(withPreset, 1, calculate(withPreset));
        const low = settleWith(ctx, parseWith(Actual, { spend: Math.min(a, b) }));
        const high = settleWith(ctx, parseWith(Actual, { spend: Math.max(a, b) }));
        expect(high.providerShare).toBeLessThanOrEqual(low.providerShare + 1e-6);
      }),
      { numRuns: 300 },
    );
  });
});
