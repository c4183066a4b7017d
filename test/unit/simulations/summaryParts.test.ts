import { describe, expect, it } from 'vitest';
import { summaryParts } from '../../../functions/simulations/workerPool.ts';
import type { SimulationModel } from '../../../shared/core/simulation/index.ts';

/* The statistics' parts the pool's workers take from a shared list: together they cover every summary of every
 * job exactly once (each scale at its index, so the pool puts them back in order) and the means once, largest
 * first; a job is cut only where that shortens the busiest worker's share. */

const modelWith = (members: number) =>
  ({ memberWeights: Array.from({ length: members }, (_, k) => (k + 1) / 100) }) as unknown as SimulationModel;

describe('summaryParts', () => {
  for (const [members, threads] of [
    [4, 1],
    [4, 2],
    [12, 2],
    [4, 7],
    [0, 3],
  ] as const)
    it(`${members} members on ${threads} worker(s): every summary once, the means once`, () => {
      const parts = summaryParts(modelWith(members), threads);
      expect(parts.filter((p) => p.kind === 'means')).toHaveLength(1);
      const scalesOf = (job: number) => {
        const pieces = parts.flatMap((p) => (p.kind === 'summaries' && p.job === job ? [p] : []));
        pieces.sort((a, b) => a.at - b.at);
        let at = 0;
        for (const p of pieces) {
          expect(p.at).toBe(at);
          at += p.scales.length;
        }
        return pieces.flatMap((p) => p.scales);
      };
      expect(scalesOf(0)).toEqual([1, ...modelWith(members).memberWeights]);
      expect(scalesOf(1)).toEqual([1]);
      expect(scalesOf(2)).toEqual([1]);
    });

  it('one worker takes each job whole; many workers get the providers cut', () => {
    expect(summaryParts(modelWith(4), 1).filter((p) => p.kind === 'summaries')).toHaveLength(3);
    expect(summaryParts(modelWith(12), 4).filter((p) => p.kind === 'summaries').length).toBeGreaterThan(3);
  });
});
