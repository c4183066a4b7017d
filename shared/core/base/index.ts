/** Core base: what every core module uses. Typed domain errors, the explanation step carried by every result,
 *  and money rounding for display (GBP; parts that add up to their total). */

export { DomainError, ValidationError } from './errors.ts';
export type { FieldProblem } from './errors.ts';
export { formatGbp, formatRate, roundPartsToTotal } from './money.ts';
export type { Step } from './step.ts';
