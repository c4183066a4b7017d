/** Year-end settlement: stop-loss, gain/loss corridor, caps, haircut, withhold and the split among providers,
 *  commissioner and members (capitation-method.md B6-B10). */

export { Actual } from './actual.ts';
export { applyCorridor } from './corridor.ts';
export { memberWeights } from './memberWeights.ts';
export { thresholdRate } from './msr.ts';
export { prepareSettlement, settle, settleWith } from './settle.ts';
export type { Settlement, SettlementContext } from './settlementTypes.ts';
export { emptyYearEndFigures, memberShare, settleYearEnd, settleYearEndInto } from './yearEnd.ts';
export type { YearEnd, YearEndFigures, YearEndInput } from './yearEnd.ts';
