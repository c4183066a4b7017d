import { describe, expect, it } from 'vitest';
import { simulateInWorkers } from '../../../functions/simulations/workerPool.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { simulate } from '../../../shared/core/simulation/simulate.ts';
import { neighbourhoodScenario } from '../../fixtures/simulationScenarios.ts';

/* A seed fully determines the result: bit-identical JSON for 1, 2 and 7 worker threads, any chunk size, and the
 * single-threaded run. */

describe('reproducibility across workers and chunks', () => {
  const input = neighbourhoodScenario();
  const options = { trials: 3_000, seed: 77, shocks: { epidemic: { probability: 0.2 } } };
  const reference = JSON.stringify(simulate(parseScenario(input), options, 3_000));

  it('single thread: chunk sizes 3000, 1000 and 337 give identical results', () => {
    for (const size of [1_000, 337])
      expect(JSON.stringify(simulate(parseScenario(input), options, size))).toBe(reference);
  });

  it('1, 2 and 7 workers give identical results', async () => {
    for (const workers of [1, 2, 7]) {
      let last = 0;
      const r = await simulateInWorkers(input, options, {
        workers,
        chunkSize: 250,
        onProgress: (done) => {
          expect(done).toBeGreaterThanOrEqual(last);
          last = done;
        },
      });
      expect(last).toBe(3_000);
      expect(JSON.stringify(r)).toBe(reference);
    }
  });

  it('a different seed gives a different result', () => {
    expect(JSON.stringify(simulate(parseScenario(input), { ...options, seed: 78 }))).not.toBe(reference);
  });
});
