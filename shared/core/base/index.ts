/** Core base: what every core module uses. Typed domain errors, the explanation step carried by every result,
 *  money rounding for display (GBP; parts that add up to their total), and the building blocks of input schemas:
 *  strict objects and plain text. */

export { DomainError, ValidationError } from './errors.ts';
export type { FieldProblem } from './errors.ts';
export { formatGbp, formatRate, roundHalfAway, roundPartsTo, roundPartsToTotal } from './money.ts';
export type { Step } from './step.ts';
export { closestName, editDistance, strictObject, unknownKeysMessage } from './strictObject.ts';
export { forbiddenCharacter, plainText, stripForbidden, utf8Length } from './text.ts';
