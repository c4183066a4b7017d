import { describe, expect, it } from 'vitest';
import { calculate } from '../../../shared/core/engine/index.ts';
import { runChunk } from '../../../shared/core/simulation/chunk.ts';
import { buildModel } from '../../../shared/core/simulation/model.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/options.ts';
import { FULL_RISK, oneSegmentScenario } from '../../support/simulation.ts';

/* Issue 9 point 1: the core has no clock, so it gives its caller a chance to report after every trial, whatever
 * the method (a person-level trial is one call into the WebAssembly kernel: tens of milliseconds for millions of
 * people, see test/integration/simulation/progress.test.ts). The worker reports on its own clock from these calls
 * (functions/simulations/worker.ts). Before, runChunk called back every 10,000 trials only. */

describe('issue 9 point 1: every method lets its caller report progress', () => {
  it('person level: a call after every trial, results unchanged', () => {
    const scenario = oneSegmentScenario(300_000, 1000, FULL_RISK);
    const model = buildModel(
      scenario,
      parseSimulationOptions({ method: 'person', trials: 3, seed: 9 }),
      calculate(scenario),
    );
    const calls: number[] = [];
    const withProgress = runChunk(model, 0, 3, (done) => calls.push(done));
    expect(calls).toEqual([1, 2, 3]);
    const without = runChunk(model, 0, 3);
    expect(Array.from(withProgress.spend)).toEqual(Array.from(without.spend));
  });

  it('fast method: a call after every trial', () => {
    const scenario = oneSegmentScenario(1_000_000, 1000, FULL_RISK);
    const model = buildModel(
      scenario,
      parseSimulationOptions({ method: 'fast', trials: 50, seed: 2 }),
      calculate(scenario),
    );
    const calls: number[] = [];
    runChunk(model, 10, 60, (done) => calls.push(done));
    expect(calls).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
