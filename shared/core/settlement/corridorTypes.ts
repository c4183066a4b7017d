import type { RiskShareSpec } from '../scenario/index.ts';

/** Inputs to the gain/loss corridor for one settlement (B10). All money GBP for one contract year. */
export interface CorridorInput {
  spec: RiskShareSpec;
  /** Benchmark B before any discount: the in-scope contract value for the year. */
  benchmark: number;
  /** Actual in-scope spend after stop-loss recoveries (X - R). */
  spend: number;
  /** In-scope person-years, for population-based thresholds (MSSP table, normal variation). */
  personYears: number;
  /** Quality score 0-1 used by quality-linked rates. Default 1. */
  quality?: number;
  /** Providers' revenue, for revenue-based loss limits (MSSP BASIC). Omitted: only the benchmark limit applies. */
  revenue?: number;
}

/** The part of the shared excess e that fell in one band and what the providers keep or bear of it. */
export interface BandShare {
  /** Band bounds as rates on e (|x| after the threshold rule), not on |x| itself. */
  from: number;
  to: number | null;
  providerRate: number;
  /** GBP of the result falling in the band (positive for a gain, negative for a loss). */
  resultInBand: number;
  /** GBP kept (gain) or borne (loss, negative) by the providers in the band. */
  providerAmount: number;
}

/** The corridor's figures without the band breakdown (what a Monte Carlo trial needs). */
export type CorridorFigures = Omit<CorridorResult, 'bands'>;

export interface CorridorResult {
  /** Benchmark after discount, B' = B x (1 - discount). */
  discountedBenchmark: number;
  /** x = (B' - spend) / B'. */
  resultRate: number;
  side: 'gain' | 'loss' | 'none';
  /** Threshold (MSR/MLR) that applied on this side, as a rate (the gain side's when side is none). */
  threshold: number;
  thresholdMet: boolean;
  bands: BandShare[];
  /** Provider share before the cap and haircut. */
  providerBeforeCap: number;
  /** The cap on this side as a magnitude in GBP (null = none) and whether it bound. */
  cap: number | null;
  capBinding: boolean;
  /** GBP deducted from a gain by the haircut (sequestration). */
  haircut: number;
  /** Final provider share (positive = providers gain). */
  providerShare: number;
}
