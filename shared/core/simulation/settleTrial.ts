import {
  type SettlementContext,
  type YearEndFigures,
  emptyYearEndFigures,
  settleYearEndInto,
} from '../settlement/index.ts';

/* The year-end settlement of one trial: the settlement kernel (shared/core/settlement/yearEnd.ts), the same call
 * settleWith makes (settleYearEndInto: the same rules without allocating), kept in flat fields for the chunk's arrays. test/unit/simulation/settleTrial.test.ts proves it
 * equals settleWith on random trials. */

export interface TrialSettlement {
  spend: number;
  specific: number;
  aggregate: number;
  /** G = B - X. */
  grossResult: number;
  /** Providers' result: corridor share less unearned withhold. */
  provider: number;
  commissioner: number;
  reinvestment: number;
  earnedWithhold: number;
  gainCapBinding: boolean;
  lossCapBinding: boolean;
  /** The kernel's scratch figures. */
  figures: YearEndFigures;
}

/** A zeroed settlement, reused across the trials of a chunk (settleTrial overwrites every field). */
export function emptyTrialSettlement(): TrialSettlement {
  return {
    spend: 0,
    specific: 0,
    aggregate: 0,
    grossResult: 0,
    provider: 0,
    commissioner: 0,
    reinvestment: 0,
    earnedWithhold: 0,
    gainCapBinding: false,
    lossCapBinding: false,
    figures: emptyYearEndFigures(),
  };
}

export function settleTrial(
  ctx: SettlementContext,
  spend: number,
  specific: number,
  score: number,
  out: TrialSettlement,
): void {
  const r = out.figures;
  settleYearEndInto(ctx, spend, specific, score, undefined, undefined, r, null);
  out.spend = spend;
  out.specific = specific;
  out.aggregate = r.aggregate;
  out.grossResult = r.grossResult;
  out.provider = r.providerShare;
  out.commissioner = r.commissionerShare;
  out.reinvestment = r.reinvestment;
  out.earnedWithhold = r.withhold.earned;
  out.gainCapBinding = r.corridor.capBinding && r.corridor.side === 'gain';
  out.lossCapBinding = r.corridor.capBinding && r.corridor.side === 'loss';
}
