import type { PopulationProjection } from './population.ts';

/** The intermediate factors of a calculation, kept so that a single figure can be explained from them (explain/)
 *  without deriving anything again. Indices: p practice, s segment, l line, y year (0 = base year). */
export interface CalculationFactors {
  /** Person-years by practice x segment per year (B1). */
  population: PopulationProjection;
  /** Baseline PPPY rolled forward, byYear[y][l * S + s], and the cumulative roll-forward factor per line (B3, B7). */
  baseline: { byYear: Float64Array[]; factor: number[][] };
  /** Need index per year and practice (B4). */
  need: number[][];
  /** Convergence weight alpha per year: the blended need multiplier is alpha x index + 1 - alpha (B4). */
  alpha: number[];
  /** Deficit-path scaling of in-scope cells per year: contract value / in-scope spend (B7). */
  deficitScale: number[];
}
