import { describe, expect, it } from 'vitest';
import { calculate } from '../../../shared/core/engine/index.ts';
import { OUTCOME_ARRAYS, allocateOutcomes, runChunk } from '../../../shared/core/simulation/chunk.ts';
import { buildModel } from '../../../shared/core/simulation/model.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/options.ts';
import { TrialSampler } from '../../../shared/core/simulation/trial.ts';
import { FULL_RISK, oneSegmentScenario } from '../../support/simulation.ts';

/* A worker runs every chunk of a run with one sampler, writing straight into views of the run's arrays
 * (functions/simulations/worker.ts). A trial's numbers depend only on (seed, trial), so a sampler that already drew
 * other trials, in any order, and arrays that are views of a larger buffer give the very same bits. */

const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length), String);

describe('runChunk with a reused sampler and caller-owned arrays', () => {
  for (const method of ['fast', 'person'] as const) {
    it(`${method} method: the same bits as a fresh chunk`, () => {
      const scenario = oneSegmentScenario(20_000, 1000, FULL_RISK);
      const model = buildModel(
        scenario,
        parseSimulationOptions({ method, trials: 40, seed: 7 }),
        calculate(scenario),
      );
      const fresh = runChunk(model, 20, 30);
      const sampler = new TrialSampler(model);
      runChunk(model, 30, 40, undefined, { sampler });
      runChunk(model, 0, 5, undefined, { sampler });
      const whole = allocateOutcomes(0, 40);
      const view = { from: 20, to: 30 } as typeof whole;
      for (const k of OUTCOME_ARRAYS) view[k] = whole[k].subarray(20, 30);
      view.flags = whole.flags.subarray(20, 30);
      const reused = runChunk(model, 20, 30, undefined, { sampler, out: view });
      expect(reused).toBe(view);
      for (const k of OUTCOME_ARRAYS) expect(bits(whole[k].subarray(20, 30))).toEqual(bits(fresh[k]));
      expect(Array.from(whole.flags.subarray(20, 30))).toEqual(Array.from(fresh.flags));
      expect(whole.spend[19]).toBe(0);
      expect(whole.spend[30]).toBe(0);
    });
  }

  it('refuses arrays of the wrong length and a sampler of another model', () => {
    const scenario = oneSegmentScenario(20_000, 1000, FULL_RISK);
    const options = parseSimulationOptions({ trials: 10, seed: 7 });
    const model = buildModel(scenario, options, calculate(scenario));
    const other = buildModel(scenario, options, calculate(scenario));
    expect(() => runChunk(model, 0, 5, undefined, { out: allocateOutcomes(0, 4) })).toThrow(/do not fit/);
    expect(() => runChunk(model, 0, 5, undefined, { sampler: new TrialSampler(other) })).toThrow(
      /another model/,
    );
  });
});
