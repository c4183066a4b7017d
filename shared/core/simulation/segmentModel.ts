import type { CostDistribution } from './costModel.ts';

/** One population segment as the trials see it (built by buildModel in model.ts). */
export interface SegmentModel {
  id: string;
  /** People simulated: person-years rounded to whole people (at least 1). */
  people: number;
  /** Expected annual cost per person (GBP) before shocks. */
  mean: number;
  dist: CostDistribution;
  /** Weight of each in-scope line in the segment's cost (sums to 1). */
  lineWeights: Float64Array;
}
