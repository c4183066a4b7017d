import { type WithholdAmounts, withholdFor } from '../engine/index.ts';
import { applyCorridor } from './corridor.ts';
import type { CorridorResult } from './corridorTypes.ts';
import type { SettlementContext } from './settlementTypes.ts';
import { aggregateRecovery } from './stopLoss.ts';

/* The settlement kernel: the one place the year-end rules are applied in order (B6 stop-loss, B8 withhold, B10
 * corridor with its caps and haircut, then the split between providers, commissioner and reinvestment). settleWith
 * (a year-end reconciliation with its explanation) and every Monte Carlo trial call it; neither writes a rule of
 * its own. Sign convention: positive = gain to the party. */

export interface YearEndInput {
  /** Actual in-scope spend X before stop-loss recoveries (GBP). */
  spend: number;
  /** Specific stop-loss recovery over the year's high-cost patients (GBP, see specificRecovery). */
  specific: number;
  /** Outcome score 0-1 (used only when the contract has outcomes). */
  score: number;
  /** Quality 0-1 for quality-linked sharing rates; default: the outcome score with outcomes, else 1. */
  quality?: number | undefined;
  /** Providers' revenue, for revenue-based loss limits. */
  revenue?: number | undefined;
}

export interface YearEnd {
  /** G = B - X (positive = saving), before stop-loss. */
  grossResult: number;
  specific: number;
  aggregate: number;
  /** The withhold and what of it was earned (null without outcomes). */
  withhold: WithholdAmounts | null;
  corridor: CorridorResult;
  /** Corridor share less unearned withhold. */
  providerShare: number;
  /** Unearned withhold sent to reinvestment (0 unless so configured). */
  reinvestment: number;
  /** The rest of G: funds the stop-loss, keeps unearned withhold not reinvested. */
  commissionerShare: number;
}

export function settleYearEnd(ctx: SettlementContext, input: YearEndInput): YearEnd {
  const B = ctx.benchmark;
  const { spend, specific } = input;
  const aggregate = aggregateRecovery(ctx.riskShare.stopLoss, B, spend, specific);
  const o = ctx.outcomes;
  const withhold = o === null ? null : withholdFor(o, B, input.score);
  const corridor = applyCorridor({
    spec: ctx.riskShare,
    benchmark: B,
    spend: spend - (specific + aggregate),
    personYears: ctx.personYears,
    quality: input.quality ?? (o === null ? 1 : input.score),
    ...(input.revenue === undefined ? {} : { revenue: input.revenue }),
  });
  const grossResult = B - spend;
  const unearned = withhold?.unearned ?? 0;
  const providerShare = corridor.providerShare - unearned;
  const reinvestment = o !== null && o.unearnedTo === 'reinvestment' ? unearned : 0;
  return {
    grossResult,
    specific,
    aggregate,
    withhold,
    corridor,
    providerShare,
    reinvestment,
    commissionerShare: grossResult - providerShare - reinvestment,
  };
}

/** A member's part of the providers' share: theta_k x providers' share (B9). */
export function memberShare(weight: number, providerShare: number): number {
  return weight * providerShare;
}
