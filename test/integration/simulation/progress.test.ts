import { describe, expect, it } from 'vitest';
import { simulateInWorkers } from '../../../functions/simulations/workerPool.ts';
import { FULL_RISK, oneSegmentScenario } from '../../support/simulation.ts';

/* Issue 9 point 1 on real worker threads: both methods report progress at least every ~250 ms (the workers report
 * every ~100 ms on their own clock), and aborting stops the workers within 1 s. Gaps are judged by their median, and
 * the longest only loosely, so a loaded machine that pauses a worker now and then does not fail the test. */

async function progressGaps(scenario: unknown, options: object): Promise<number[]> {
  const times: number[] = [];
  await simulateInWorkers(scenario, options, {
    workers: 2,
    onProgress: () => times.push(performance.now()),
  });
  return times.slice(1).map((t, i) => t - times[i]!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('issue 9 point 1: progress from every method, abort within 1 s', () => {
  it('person level: trials of 2,000,000 people each report every ~250 ms', async () => {
    // A trial is one call into the WebAssembly kernel (tens of milliseconds for 2,000,000 people): enough trials
    // for the run to last a second or more even on a fast machine, so there are gaps to judge.
    const gaps = await progressGaps(oneSegmentScenario(2_000_000, 1000, FULL_RISK), {
      method: 'person',
      trials: 120,
      seed: 4,
    });
    expect(gaps.length).toBeGreaterThan(5);
    expect(median(gaps)).toBeLessThan(250);
    expect(Math.max(...gaps)).toBeLessThan(2_000);
  });

  it('fast method: every ~250 ms', async () => {
    const gaps = await progressGaps(oneSegmentScenario(500_000, 1000, FULL_RISK), {
      method: 'fast',
      trials: 400_000,
      seed: 4,
    });
    expect(gaps.length).toBeGreaterThan(5);
    expect(median(gaps)).toBeLessThan(250);
    expect(Math.max(...gaps)).toBeLessThan(2_000);
  });

  it('an abort stops the workers within 1 s, in the middle of a long person-level trial', async () => {
    const controller = new AbortController();
    let aborted = 0;
    const run = simulateInWorkers(
      oneSegmentScenario(10_000_000, 1000, FULL_RISK),
      { method: 'person', trials: 100, seed: 1 },
      {
        workers: 2,
        signal: controller.signal,
        onProgress: () => {
          if (aborted) return;
          aborted = performance.now();
          controller.abort(new Error('cancelled'));
        },
      },
    );
    await expect(run).rejects.toThrow('cancelled');
    expect(performance.now() - aborted).toBeLessThan(1_000);
  });
});
