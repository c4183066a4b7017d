import { describe, expect, it } from 'vitest';
import { calculate } from '../../../shared/core/engine/calculate.ts';
import { moment, survival } from '../../../shared/core/simulation/costModel.ts';
import { buildModel } from '../../../shared/core/simulation/model.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/options.ts';
import { TrialSampler, type TrialDraw } from '../../../shared/core/simulation/trial.ts';
import { NO_SHOCKS, oneSegmentScenario } from '../../support/simulation.ts';

/* The person level draws each person from the segment's cost distribution (a 32-bit decision between zero, the
 * Pareto tail and the lognormal body, then an exponential or a truncated ziggurat normal). Every person's cost is
 * recorded (attachment just above zero) and compared with the closed-form survival function (costModel.ts):
 * P(C > x) at points in the body, at the splice and in the tail within 4 binomial standard errors, the share of
 * zero costs, and the mean and second moment within 4 standard errors. */

const PEOPLE = 4_000;
const TRIALS = 60;

describe('person level: every cost follows the segment distribution', () => {
  for (const calibration of [
    {},
    { tail: { type: 'lognormal' as const }, cv: 2.2 },
    { zeroProb: 0.4, cv: 3.5 },
  ])
    it(`calibration ${JSON.stringify(calibration)}`, () => {
      const scenario = oneSegmentScenario(PEOPLE, 2000, {
        gain: { bands: [{ upTo: null, providerRate: 1 }] },
        loss: { bands: [{ upTo: null, providerRate: 1 }] },
        stopLoss: { specific: { attachment: 1, coinsurance: 1, limit: null }, aggregate: null },
      });
      // Every non-zero cost must be recorded, so the attachment goes below the schema's 1 GBP floor (issue 9,
      // point 6) on the parsed scenario: this probes the kernel, not the input.
      scenario.riskShare.stopLoss!.specific!.attachment = 1e-9;
      const model = buildModel(
        scenario,
        parseSimulationOptions({ method: 'person', seed: 5, shocks: NO_SHOCKS, calibration }),
        calculate(scenario),
      );
      const d = model.segments[0]!.dist;
      const sampler = new TrialSampler(model);
      sampler.patients = [];
      const out: TrialDraw = { spend: 0, specific: 0, patientsAboveAttachment: 0, score: 0 };
      for (let t = 0; t < TRIALS; t++) sampler.draw(t, out);
      const costs = sampler.patients;
      const n = PEOPLE * TRIALS;
      const pZero = 1 - costs.length / n;
      expect(Math.abs(pZero - d.zeroProb)).toBeLessThan(4 * Math.sqrt((d.zeroProb * (1 - d.zeroProb)) / n));
      const mean = moment(d, 1);
      const points = [0.2, 0.5, 1, 2, 4, 8, 16, 40].map((k) => k * mean);
      if (Number.isFinite(d.splice)) points.push(d.splice, 1.5 * d.splice, 4 * d.splice);
      for (const x of points) {
        const expected = survival(d, x);
        let above = 0;
        for (const c of costs) if (c > x) above++;
        const se = Math.sqrt((expected * (1 - expected)) / n);
        expect(Math.abs(above / n - expected), `P(C > ${x})`).toBeLessThan(4 * se + 1e-12);
      }
      // Mean and second moment (the second with its standard error from the fourth, finite for the lognormal body
      // and a Pareto tail of index 3 truncated at the largest draw: used as a scale only).
      let s1 = 0;
      let s2 = 0;
      let s4 = 0;
      for (const c of costs) {
        s1 += c;
        s2 += c * c;
        s4 += c ** 4;
      }
      const m2 = moment(d, 2);
      expect(Math.abs(s1 / n - mean)).toBeLessThan(4 * Math.sqrt((m2 - mean * mean) / n));
      if (d.tailMass === 0) expect(Math.abs(s2 / n - m2)).toBeLessThan(4 * Math.sqrt((s4 / n - m2 * m2) / n));
      // Every trial's spend is the sum of its people.
      expect(out.patientsAboveAttachment).toBeGreaterThan(0);
    });
});
