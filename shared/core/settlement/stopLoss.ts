import type { RiskShareSpec } from '../scenario/index.ts';
import type { StopLossRecovery } from './settlementTypes.ts';

type StopLoss = RiskShareSpec['stopLoss'];

/** Stop-loss recoveries for one contract year (capitation-method.md B6.3). Money GBP.
 *  Specific, per patient: R_i = c x min(max(0, C_i - A), limit), so `limit` caps the covered excess and the
 *  recovery is at most c x limit.
 *  Aggregate, after specific, on the spend the specific cover left with the providers:
 *  R_agg = c_a x min(max(0, (spend - R_spec) - attachmentRate x benchmark), limit).
 *  `highCostPatients` are annual costs already inside `spend`; `benchmark` is the undiscounted budget B. */
export function stopLossRecovery(
  stopLoss: StopLoss,
  benchmark: number,
  spend: number,
  highCostPatients: readonly number[],
): StopLossRecovery {
  let specific = 0;
  let patientsAboveAttachment = 0;
  const s = stopLoss.specific;
  if (s !== null) {
    const limit = s.limit ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < highCostPatients.length; i++) {
      const excess = highCostPatients[i]! - s.attachment;
      if (excess > 0) {
        patientsAboveAttachment++;
        specific += s.coinsurance * Math.min(excess, limit);
      }
    }
  }
  let aggregate = 0;
  const a = stopLoss.aggregate;
  if (a !== null) {
    const excess = spend - specific - a.attachmentRate * benchmark;
    if (excess > 0) aggregate = a.coinsurance * Math.min(excess, a.limit ?? Number.POSITIVE_INFINITY);
  }
  return { specific, aggregate, total: specific + aggregate, patientsAboveAttachment };
}
