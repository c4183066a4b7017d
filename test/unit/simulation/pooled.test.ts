import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { buildModel } from '../../../shared/core/simulation/model.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/options.ts';
import { MID_FUNCTIONS, midFunctions } from '../../../shared/core/simulation/pooled.ts';
import { TrialStream } from '../../../shared/core/simulation/prng.ts';
import { icbScenario } from '../../fixtures/simulationScenarios.ts';
import { calculate } from '../../../shared/core/engine/calculate.ts';

/* The pooled mid band's second-order expansion in the line multipliers against the direct sum over segments of
 * the closed-form moments, for shocks of the size the trend, tariff and epidemic shocks produce. */

describe('pooled mid band: expansion against the direct per-segment sum', () => {
  const icb = parseScenario(icbScenario());
  const model = buildModel(icb, parseSimulationOptions({}), calculate(icb));
  const pool = model.pool!;
  it('the ICB-scale synthetic scenario has a mid band (attachment far below the explicit threshold)', () => {
    expect(pool.mid).not.toBeNull();
    expect(pool.threshold).toBeGreaterThanOrEqual(1.5 * model.attachment);
  });
  it('mean recovery, its variance and the count agree within 0.1% for |M - 1| <= 0.1', () => {
    const L = model.lines.length;
    const K = MID_FUNCTIONS;
    const s = new TrialStream(1, 1);
    const tmp = new Float64Array(4);
    const out = new Float64Array(K);
    for (let trial = 0; trial < 20; trial++) {
      const h = Float64Array.from({ length: L }, () => 0.2 * (s.uniform() - 0.5));
      const direct = new Float64Array(K);
      model.segments.forEach((seg, i) => {
        let mult = 0;
        for (let l = 0; l < L; l++) mult += seg.lineWeights[l]! * (1 + h[l]!);
        midFunctions(
          seg.dist,
          pool.threshold,
          pool.pAbove[i]!,
          pool.bulkMean[i]!,
          model.attachment,
          model.coinsurance,
          model.limit,
          mult,
          tmp,
          out,
          0,
        );
        for (let k = 0; k < K; k++) direct[k]! += seg.people * out[k]!;
      });
      const mid = pool.mid!;
      for (const k of [0, 1, 3]) {
        let taylor = mid.f0[k]!;
        for (let l = 0; l < L; l++) {
          taylor += mid.g1[k * L + l]! * h[l]!;
          for (let j = 0; j < L; j++) taylor += mid.G2[(k * L + l) * L + j]! * h[l]! * h[j]!;
        }
        expect(Math.abs(taylor / direct[k]! - 1), `function ${k}`).toBeLessThan(1e-3);
      }
    }
  });
});
