import { type WithholdAmounts, withholdFor } from '../engine/index.ts';
import { corridorInto, emptyCorridorFigures } from './corridor.ts';
import type { BandShare, CorridorFigures, CorridorResult } from './corridorTypes.ts';
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

/** The kernel's figures, overwritten by settleYearEndInto (reused across the trials of a chunk). */
export interface YearEndFigures {
  grossResult: number;
  specific: number;
  aggregate: number;
  /** Zeros when the contract has no outcomes. */
  withhold: WithholdAmounts;
  corridor: CorridorFigures;
  providerShare: number;
  reinvestment: number;
  commissionerShare: number;
}

export function emptyYearEndFigures(): YearEndFigures {
  return {
    grossResult: 0,
    specific: 0,
    aggregate: 0,
    withhold: { withheld: 0, earnedShare: 0, earned: 0, unearned: 0 },
    corridor: emptyCorridorFigures(),
    providerShare: 0,
    reinvestment: 0,
    commissionerShare: 0,
  };
}

/** The kernel, writing into `out` without allocating (every Monte Carlo trial). `bands`, when given, receives the
 *  corridor's band breakdown (the explained path). */
export function settleYearEndInto(
  ctx: SettlementContext,
  spend: number,
  specific: number,
  score: number,
  quality: number | undefined,
  revenue: number | undefined,
  out: YearEndFigures,
  bands: BandShare[] | null,
): void {
  const B = ctx.benchmark;
  const aggregate = aggregateRecovery(ctx.riskShare.stopLoss, B, spend, specific);
  const o = ctx.outcomes;
  const w = out.withhold;
  if (o === null) {
    w.withheld = 0;
    w.earnedShare = 0;
    w.earned = 0;
    w.unearned = 0;
  } else withholdFor(o, B, score, w);
  corridorInto(
    ctx.riskShare,
    B,
    spend - (specific + aggregate),
    ctx.personYears,
    quality ?? (o === null ? 1 : score),
    revenue,
    out.corridor,
    bands,
  );
  const grossResult = B - spend;
  const unearned = w.unearned;
  const providerShare = out.corridor.providerShare - unearned;
  const reinvestment = o !== null && o.unearnedTo === 'reinvestment' ? unearned : 0;
  out.grossResult = grossResult;
  out.specific = specific;
  out.aggregate = aggregate;
  out.providerShare = providerShare;
  out.reinvestment = reinvestment;
  out.commissionerShare = grossResult - providerShare - reinvestment;
}

/** The kernel with its full detail (settleWith's explanation). */
export function settleYearEnd(ctx: SettlementContext, input: YearEndInput): YearEnd {
  const f = emptyYearEndFigures();
  const bands: BandShare[] = [];
  settleYearEndInto(ctx, input.spend, input.specific, input.score, input.quality, input.revenue, f, bands);
  const c = f.corridor;
  return {
    grossResult: f.grossResult,
    specific: f.specific,
    aggregate: f.aggregate,
    withhold: ctx.outcomes === null ? null : { ...f.withhold },
    corridor: {
      discountedBenchmark: c.discountedBenchmark,
      resultRate: c.resultRate,
      side: c.side,
      threshold: c.threshold,
      thresholdMet: c.thresholdMet,
      bands,
      providerBeforeCap: c.providerBeforeCap,
      cap: c.cap,
      capBinding: c.capBinding,
      haircut: c.haircut,
      providerShare: c.providerShare,
    },
    providerShare: f.providerShare,
    reinvestment: f.reinvestment,
    commissionerShare: f.commissionerShare,
  };
}

/** A member's part of the providers' share: theta_k x providers' share (B9). */
export function memberShare(weight: number, providerShare: number): number {
  return weight * providerShare;
}
