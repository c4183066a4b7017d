import type { DistributionSummary, Estimate } from './stats.ts';

/** One party's distribution of results for the contract year (GBP, positive = gain to the party). */
export interface PartyResult extends DistributionSummary {
  /** 'commissioner', 'pacs' (the providers as a whole) or a member's provider id. */
  party: string;
  kind: 'commissioner' | 'pacs' | 'member';
  /** Member's weight theta_k of the providers' result (members only). */
  weight?: number;
}

export interface SegmentSummary {
  segment: string;
  people: number;
  /** Expected cost per person (GBP) before shocks, and the calibrated person-level CV. */
  mean: number;
  cv: number;
}

/** How the fast method split the population (null when every person was drawn). */
export interface FastMethodSummary {
  /** Base cost (GBP) above which people are drawn one by one, and how many are expected per trial. */
  explicitThreshold: number;
  expectedExplicit: number;
  /** true: stop-loss recoveries below the explicit threshold were aggregated (attachment far below it). */
  midBand: boolean;
}

export interface SimulationResult {
  scenario: string;
  year: number;
  method: 'fast' | 'person';
  trials: number;
  seed: number;
  benchmark: number;
  personYears: number;
  /** Expected in-scope spend before systematic shocks (GBP). */
  expectedSpend: number;
  parties: PartyResult[];
  spend: DistributionSummary;
  probabilities: {
    /** P(the providers' gain cap binds), P(the loss cap binds). */
    gainCapBinds: Estimate;
    lossCapBinds: Estimate;
    /** P(any stop-loss recovery), P(specific), P(aggregate). */
    anyStopLoss: Estimate;
    specificStopLoss: Estimate;
    aggregateStopLoss: Estimate;
  };
  /** Mean recoveries (GBP) and mean number of people above the specific attachment. */
  means: {
    specificRecovery: Estimate;
    aggregateRecovery: Estimate;
    patientsAboveAttachment: Estimate;
    earnedWithhold: Estimate;
    reinvestment: Estimate;
  };
  segments: SegmentSummary[];
  fast: FastMethodSummary | null;
}
