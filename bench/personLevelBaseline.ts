import { type SimulationModel, TrialStream, quantileFromSurvival } from '../shared/core/simulation/index.ts';

/** The person-level inner loop as it was before issue 15 (the baseline of the person-level benchmark): every
 *  person of every segment drawn by inversion through the segment's distribution object (quantileFromSurvival,
 *  Math.exp, the segment's distribution object as costModel.ts builds it), one uniform each. Returns the total
 *  spend. */
export function personLevelBaseline(model: SimulationModel, from: number, to: number): number {
  const stream = new TrialStream();
  let total = 0;
  for (let t = from; t < to; t++) {
    stream.reset(model.seed, t);
    for (const seg of model.segments) {
      const d = seg.dist;
      const nonZero = 1 - d.zeroProb;
      let spend = 0;
      for (let i = 0; i < seg.people; i++) {
        const s = stream.uniform();
        if (s >= nonZero) continue;
        spend += quantileFromSurvival(d, s);
      }
      total += spend;
    }
  }
  return total;
}
