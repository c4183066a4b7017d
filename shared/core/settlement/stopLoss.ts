import type { RiskShareSpec } from '../scenario/index.ts';
import type { StopLossRecovery } from './settlementTypes.ts';

type StopLoss = RiskShareSpec['stopLoss'];

/* Stop-loss recoveries for one contract year (capitation-method.md B6.3). Money GBP.
 * Specific, per patient: R_i = c x min(max(0, C_i - A), limit), so `limit` caps the covered excess and the recovery
 * is at most c x limit. Aggregate, after specific, on the spend the specific cover left with the providers:
 * R_agg = c_a x min(max(0, (spend - R_spec) - attachmentRate x benchmark), limit). */

/** Specific recoveries over the year's high-cost patients (annual costs, already inside the spend). */
export function specificRecovery(
  stopLoss: StopLoss,
  highCostPatients: readonly number[],
): { specific: number; patientsAboveAttachment: number } {
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
  return { specific, patientsAboveAttachment };
}

/** The aggregate recovery given the specific one; `benchmark` is the undiscounted budget B. */
export function aggregateRecovery(
  stopLoss: StopLoss,
  benchmark: number,
  spend: number,
  specific: number,
): number {
  const a = stopLoss.aggregate;
  if (a === null) return 0;
  const excess = spend - specific - a.attachmentRate * benchmark;
  return excess > 0 ? a.coinsurance * Math.min(excess, a.limit ?? Number.POSITIVE_INFINITY) : 0;
}

/** Both recoveries for a year with its high-cost patients. */
export function stopLossRecovery(
  stopLoss: StopLoss,
  benchmark: number,
  spend: number,
  highCostPatients: readonly number[],
): StopLossRecovery {
  const { specific, patientsAboveAttachment } = specificRecovery(stopLoss, highCostPatients);
  const aggregate = aggregateRecovery(stopLoss, benchmark, spend, specific);
  return { specific, aggregate, total: specific + aggregate, patientsAboveAttachment };
}
