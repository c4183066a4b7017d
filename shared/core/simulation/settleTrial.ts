import { earnedShare } from '../engine/index.ts';
import { applyCorridor } from '../settlement/index.ts';
import type { SettlementContext } from '../settlement/index.ts';

/* The year-end settlement of one trial: the same rules and the same corridor function as settleWith
 * (shared/settlement/settle.ts), without the explanation trail and member objects. test/simulation/settleTrial.test.ts
 * proves it equals settleWith on random trials. */

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
  };
}

export function settleTrial(
  ctx: SettlementContext,
  spend: number,
  specific: number,
  score: number,
  out: TrialSettlement,
): void {
  const B = ctx.benchmark;
  const spec = ctx.riskShare;
  let aggregate = 0;
  const a = spec.stopLoss.aggregate;
  if (a !== null) {
    const excess = spend - specific - a.attachmentRate * B;
    if (excess > 0) aggregate = a.coinsurance * Math.min(excess, a.limit ?? Number.POSITIVE_INFINITY);
  }
  const total = specific + aggregate;
  const o = ctx.outcomes;
  let unearned = 0;
  let earned = 0;
  let quality = 1;
  if (o !== null) {
    const share = earnedShare(o.rule, score);
    const withheld = o.withholdRate * B;
    earned = withheld * share;
    unearned = withheld - earned;
    quality = score;
  }
  const corridor = applyCorridor({
    spec,
    benchmark: B,
    spend: spend - total,
    personYears: ctx.personYears,
    quality,
  });
  const grossResult = B - spend;
  const provider = corridor.providerShare - unearned;
  const reinvestment = o !== null && o.unearnedTo === 'reinvestment' ? unearned : 0;
  out.spend = spend;
  out.specific = specific;
  out.aggregate = aggregate;
  out.grossResult = grossResult;
  out.provider = provider;
  out.commissioner = grossResult - provider - reinvestment;
  out.reinvestment = reinvestment;
  out.earnedWithhold = earned;
  out.gainCapBinding = corridor.capBinding && corridor.side === 'gain';
  out.lossCapBinding = corridor.capBinding && corridor.side === 'loss';
}
