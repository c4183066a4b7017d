import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RISK_SHARE_PRESETS } from '../../../shared/core/presets/riskSharePresets.ts';
import type { ScenarioInput } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { Actual } from '../../../shared/core/settlement/actual.ts';
import { prepareSettlement, settleWith } from '../../../shared/core/settlement/settle.ts';
import type { Settlement } from '../../../shared/core/settlement/settlementTypes.ts';
import { buildModel } from '../../../shared/core/simulation/model.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/options.ts';
import {
  type TrialSettlement,
  emptyTrialSettlement,
  settleTrial,
} from '../../../shared/core/simulation/settleTrial.ts';
import { type TrialDraw, TrialSampler } from '../../../shared/core/simulation/trial.ts';
import { neighbourhoodScenario } from '../../fixtures/simulationScenarios.ts';
import { calculate } from '../../../shared/core/engine/calculate.ts';

/* The simulation's lean per-trial settlement equals settleWith (shared/settlement/settle.ts) on simulated trials
 * and on arbitrary inputs under every risk-share preset. */

function expectSame(lean: TrialSettlement, full: Settlement) {
  const close = (a: number, b: number) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(b)));
  close(lean.specific, full.stopLoss.specific);
  close(lean.aggregate, full.stopLoss.aggregate);
  close(lean.grossResult, full.grossResult);
  close(lean.provider, full.providerShare);
  close(lean.commissioner, full.commissionerShare);
  close(lean.reinvestment, full.reinvestment);
  close(lean.earnedWithhold, full.withhold?.earned ?? 0);
  expect(lean.gainCapBinding).toBe(full.corridor.capBinding && full.corridor.side === 'gain');
  expect(lean.lossCapBinding).toBe(full.corridor.capBinding && full.corridor.side === 'loss');
}

describe('settleTrial equals settleWith', () => {
  it('on 300 simulated trials (person level, every high-cost patient passed to settle)', () => {
    const scenario = parseScenario(neighbourhoodScenario());
    const model = buildModel(
      scenario,
      parseSimulationOptions({ method: 'person', seed: 3 }),
      calculate(scenario),
    );
    const sampler = new TrialSampler(model);
    sampler.patients = [];
    const draw: TrialDraw = { spend: 0, specific: 0, patientsAboveAttachment: 0, score: 0 };
    const lean = emptyTrialSettlement();
    const measures = scenario.outcomes!.measures;
    for (let i = 0; i < 300; i++) {
      sampler.patients.length = 0;
      sampler.draw(i, draw);
      settleTrial(model.ctx, draw.spend, draw.specific, draw.score, lean);
      const actual = Actual.parse({
        spend: draw.spend,
        highCostPatients: sampler.patients,
        measureAttainment: Object.fromEntries(measures.map((m, k) => [m.id, sampler.attainment[k]!])),
      });
      const full = settleWith(model.ctx, actual);
      expectSame(lean, full);
      expect(draw.patientsAboveAttachment).toBe(full.stopLoss.patientsAboveAttachment);
      full.members.forEach((m, k) => {
        expect(model.memberWeights[k]).toBeCloseTo(m.weight, 12);
      });
    }
  });

  const base = neighbourhoodScenario();
  for (const preset of RISK_SHARE_PRESETS)
    it(`on arbitrary inputs, preset ${preset.id} with stop-loss`, () => {
      const input: ScenarioInput = {
        ...base,
        riskShare: {
          preset: preset.id,
          stopLoss: {
            specific: { attachment: 40_000, coinsurance: 0.85, limit: 150_000 },
            aggregate: { attachmentRate: 1.05, coinsurance: 0.7, limit: 2_000_000 },
          },
        },
        outcomes: {
          ...base.outcomes!,
          unearnedTo: preset.id.length % 2 === 0 ? 'reinvestment' : 'commissioner',
        },
      };
      const scenario = parseScenario(input);
      const ctx = prepareSettlement(scenario, 1, calculate(scenario));
      const B = ctx.benchmark;
      const lean = emptyTrialSettlement();
      fc.assert(
        fc.property(
          fc.double({ min: 0.6, max: 1.4, noNaN: true }),
          fc.array(fc.double({ min: 0, max: 600_000, noNaN: true }), { maxLength: 6 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (ratio, patients, a1, a2) => {
            const spend = ratio * B + patients.reduce((s, v) => s + v, 0);
            const actual = Actual.parse({
              spend,
              highCostPatients: patients,
              measureAttainment: { access: a1, admissions: a2 },
            });
            const full = settleWith(ctx, actual);
            // The trial passes its own specific recovery and score; both are computed as settle does.
            settleTrial(ctx, spend, full.stopLoss.specific, full.withhold?.score ?? 1, lean);
            expectSame(lean, full);
          },
        ),
        { numRuns: 200, seed: 42 },
      );
    });
});
