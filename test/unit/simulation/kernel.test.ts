import { describe, expect, it } from 'vitest';
import { calculate } from '../../../shared/core/engine/calculate.ts';
import type { ScenarioInput } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { buildModel } from '../../../shared/core/simulation/model.ts';
import {
  type SimulationOptionsInput,
  parseSimulationOptions,
} from '../../../shared/core/simulation/options.ts';
import { TrialStream } from '../../../shared/core/simulation/prng.ts';
import { type TrialDraw, TrialSampler, kernelStreamWords } from '../../../shared/core/simulation/trial.ts';
import { icbScenario, neighbourhoodScenario, placeScenario } from '../../fixtures/simulationScenarios.ts';
import { referenceTrial } from '../../support/referenceTrial.ts';

/* The WebAssembly trial kernel against a plain TypeScript implementation of the same model (test/support/
 * referenceTrial.ts, on TrialStream): the same words of the stream, and every trial's spend, recovery, count,
 * score and high-cost people to the bit, on every route of the model: the pooled method with and without the mid
 * band, its expansion and its direct sum (shocks beyond the expansion's range), an epidemic, lognormal tails, an
 * explicit tail inside the lognormal body, and the person level. */

/** The scenario with every practice's person-years scaled by f. */
function scaled(input: ScenarioInput, f: number): ScenarioInput {
  return {
    ...input,
    population: {
      ...input.population,
      practices: input.population.practices.map((p) => ({
        ...p,
        personYears: p.personYears.map((v) => v * f),
      })),
      exclusions: (input.population.exclusions ?? []).map((x) => ({ ...x, personYears: x.personYears * f })),
    },
  };
}

describe("the kernel's stream is TrialStream's", () => {
  for (const [seed, trial] of [
    [0, 0],
    [123, 45],
    [2 ** 40 + 7, 3],
    [9, 2 ** 33 + 1],
  ] as const)
    it(`seed ${seed}, trial ${trial}`, () => {
      const s = new TrialStream(seed, trial);
      expect(Array.from(kernelStreamWords(seed, trial, 64))).toEqual(
        Array.from({ length: 64 }, () => s.nextU32()),
      );
    });
});

const cases: {
  name: string;
  input: ScenarioInput;
  options: SimulationOptionsInput;
  trials: number;
  route?: string;
}[] = [
  { name: 'ICB-scale, mid band by expansion', input: icbScenario(), options: {}, trials: 300 },
  {
    name: 'ICB-scale, shocks beyond the expansion (direct mid band)',
    input: icbScenario(),
    options: { shocks: { trend: { sd: 0.12 }, tariff: { sd: 0.06 } } },
    trials: 120,
  },
  {
    name: 'place, epidemic',
    input: placeScenario(),
    options: { shocks: { epidemic: { probability: 0.5, mean: 0.08, sd: 0.03 } } },
    trials: 400,
  },
  {
    name: 'neighbourhood, lognormal tail and CV by segment',
    input: neighbourhoodScenario(),
    options: { calibration: { tail: { type: 'lognormal' }, cv: { s0: 1.8, s1: 2.2, s2: 2.6, s3: 3 } } },
    trials: 400,
  },
  {
    name: 'small population: explicit tail inside the lognormal body',
    input: scaled(neighbourhoodScenario(), 0.2),
    options: { explicitTailMean: 40, personLevelBelow: 0 },
    trials: 400,
  },
  {
    name: 'person level (every person drawn)',
    input: scaled(neighbourhoodScenario(), 0.1),
    options: { method: 'person', shocks: { epidemic: { probability: 0.5 } } },
    trials: 4,
  },
];

describe('every trial equals the TypeScript reference to the bit', () => {
  for (const c of cases)
    it(c.name, () => {
      const scenario = parseScenario(c.input);
      const model = buildModel(
        scenario,
        parseSimulationOptions({ ...c.options, seed: 31 }),
        calculate(scenario),
      );
      const sampler = new TrialSampler(model);
      sampler.patients = [];
      const draw: TrialDraw = { spend: 0, specific: 0, patientsAboveAttachment: 0, score: 0 };
      for (let t = 0; t < c.trials; t++) {
        sampler.patients.length = 0;
        sampler.draw(t, draw);
        const ref = referenceTrial(model, t);
        expect(draw, `trial ${t}`).toEqual({
          spend: ref.spend,
          specific: ref.specific,
          patientsAboveAttachment: ref.patientsAboveAttachment,
          score: ref.score,
        });
        expect(sampler.patients, `trial ${t}`).toEqual(ref.patients);
      }
    });

  it('the cases reach every route: mid band expanded and direct, explicit costs in the body, people', () => {
    const routes = cases.map((c) => {
      const scenario = parseScenario(c.input);
      const model = buildModel(
        scenario,
        parseSimulationOptions({ ...c.options, seed: 31 }),
        calculate(scenario),
      );
      const p = model.pool;
      return p === null
        ? 'person'
        : `${p.mid !== null ? 'mid' : 'no-mid'}/${p.paretoAbove.every((x) => x === 1)}`;
    });
    expect(routes).toEqual(['mid/true', 'mid/true', 'mid/true', 'mid/false', 'no-mid/false', 'person']);
    // The direct case: some trials' line multipliers leave the expansion's range (|F - 1| > 0.25).
    const c = cases[1]!;
    const scenario = parseScenario(c.input);
    const model = buildModel(
      scenario,
      parseSimulationOptions({ ...c.options, seed: 31 }),
      calculate(scenario),
    );
    const sampler = new TrialSampler(model);
    const draw: TrialDraw = { spend: 0, specific: 0, patientsAboveAttachment: 0, score: 0 };
    let beyond = 0;
    for (let t = 0; t < c.trials; t++) {
      sampler.draw(t, draw);
      if (sampler.lineFactor.some((f) => Math.abs(f - 1) > 0.25)) beyond++;
    }
    expect(beyond).toBeGreaterThan(5);
    expect(beyond).toBeLessThan(c.trials);
  });
});
