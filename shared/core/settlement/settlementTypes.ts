import type { PaymentMechanism } from '../scenario/index.ts';
import type { Outcomes } from '../scenario/index.ts';
import type { RiskShareSpec } from '../scenario/index.ts';
import type { Distribution } from '../scenario/index.ts';
import type { CorridorResult } from './corridorTypes.ts';
import type { Step } from '../base/index.ts';

/** Everything settlement needs about one contract year, computed once from the scenario (so a Monte Carlo
 *  trial only pays for the year-end arithmetic). */
export interface SettlementContext {
  year: number;
  /** Contract value CV_y of the in-scope budget (GBP), the benchmark B. */
  benchmark: number;
  personYears: number;
  riskShare: RiskShareSpec;
  outcomes: Outcomes | null;
  distribution: Distribution;
  members: MemberContext[];
  /** Weights theta_k (sum 1) splitting the providers' result among members, in `members` order. */
  memberWeights: number[];
}

export interface MemberContext {
  provider: string;
  /** Planned payment: sub-contract value SC_k (GBP). */
  budget: number;
  payment: PaymentMechanism;
  performance?: number | undefined;
}

export interface StopLossRecovery {
  specific: number;
  aggregate: number;
  total: number;
  /** Patients whose cost exceeded the specific attachment. */
  patientsAboveAttachment: number;
}

/** The outcomes withhold of the year (B8). Its amounts are sums of money (GBP, 0 or more), not gains: the sign
 *  convention "positive = gain to the party" applies to the parties' results (providerShare, commissionerShare,
 *  reinvestment), where unearned withhold counts against the providers. */
export interface WithholdSettlement {
  /** Held back from the contract value for outcomes: W = rate x CV. */
  withheld: number;
  score: number;
  earnedShare: number;
  /** Paid back for the outcomes attained. */
  earned: number;
  /** Withheld and not earned back (W - earned, 0 or more): a loss to the providers, already taken off
   *  providerShare (= corridor share - unearned), and kept by the commissioner or the reinvestment pot. */
  unearned: number;
  unearnedTo: 'commissioner' | 'reinvestment';
}

export interface MemberSettlement {
  provider: string;
  weight: number;
  /** Member's part of the providers' share of the result (GBP, positive = gain). */
  share: number;
  plannedPayment: number;
  /** fixed_variable members: variableRate x unitPrice x (actual - planned activity). */
  variableAdjustment: number;
}

export interface Settlement {
  year: number;
  benchmark: number;
  spend: number;
  /** G = B - X before stop-loss (positive = saving). */
  grossResult: number;
  stopLoss: StopLossRecovery;
  corridor: CorridorResult;
  /** Providers' result: corridor share less unearned withhold (GBP). */
  providerShare: number;
  /** Commissioner's result: the rest of the gross result, net of stop-loss recoveries it funds and withhold it
   *  keeps. providerShare + commissionerShare + reinvestment = grossResult. */
  commissionerShare: number;
  /** Unearned withhold sent to a system reinvestment pot (0 unless so configured). */
  reinvestment: number;
  withhold: WithholdSettlement | null;
  members: MemberSettlement[];
  trail: Step[];
}
