/** The capitation engine: population, baselines, need, scope, deficit, withhold and provider payments for every
 *  contract year (capitation-method.md B1-B9). Pure and deterministic. */

export { rollForwardBaseline } from './baseline.ts';
export { calculate, calculateWithFactors } from './calculate.ts';
export type { Calculation, CalculateOptions } from './calculate.ts';
export type { CalculationFactors } from './factors.ts';
export { convergenceAlpha, practiceNeedIndices } from './need.ts';
export { projectPopulation } from './population.ts';
export type { CalculationResult, YearResult } from './resultTypes.ts';
export { scopeFor } from './scope.ts';
export { earnedShare, outcomeScore, withholdFor } from './withhold.ts';
export type { WithholdAmounts } from './withhold.ts';
