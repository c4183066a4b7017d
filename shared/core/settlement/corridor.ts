import { DomainError } from '../base/index.ts';
import type { RiskShareSpec } from '../scenario/index.ts';
import type { BandShare, CorridorFigures, CorridorInput, CorridorResult } from './corridorTypes.ts';
import { thresholdRate } from './msr.ts';

/* Gain/loss corridor (capitation-method.md B10). Conventions used throughout:
 * - B' = benchmark x (1 - discount); x = (B' - spend) / B'; side = sign of x.
 * - e = the part of |x| the bands apply to: |x| once the threshold is met (first_dollar), |x| - t (net).
 * - Band bounds (`from`, `to`) are on e. Bands start at 0; a band with `upTo: null` is open and ends the list
 *   (later bands are ignored); if the last band has a finite `upTo`, nothing above it is shared.
 * - Caps are magnitudes in GBP. share_then_cap (MSSP): cap = capRate x B', applied to the shared amount.
 *   cap_then_share (NGACO): e is capped at capRate before sharing, so the cap in GBP is what the capped result
 *   produces, B' x sum_j r_j x overlap(capRate, band_j). Either way |provider share| <= cap.
 * - Revenue-based loss limit (MSSP BASIC): revenueCapRate x revenue, applied to the shared loss in GBP in both
 *   orders, only when revenue is given.
 * - Haircut (sequestration) applies to gains after the cap; `haircut` in the result is the GBP deducted.
 * This file is on the Monte Carlo hot path: corridorInto allocates nothing (applyCorridor adds the band breakdown). */

type Bands = RiskShareSpec['gain']['bands'];

/** sum_j rate_j x overlap(e, band_j), as a rate of B'. `override` (when not null) replaces every band's rate;
 *  otherwise each rate is multiplied by `scale`. */
function shareOf(bands: Bands, e: number, scale: number, override: number | null): number {
  let from = 0;
  let sum = 0;
  for (let j = 0; j < bands.length && e > from; j++) {
    const b = bands[j]!;
    const r = override === null ? b.providerRate * scale : override;
    if (b.upTo === null) return sum + r * (e - from);
    if (b.upTo > from) {
      sum += r * (Math.min(e, b.upTo) - from);
      from = b.upTo;
    }
  }
  return sum;
}

/** MSSP ENHANCED loss rate clamp(base - slope x quality, min, max), or null when the side has none. */
function qualityLossRate(loss: RiskShareSpec['loss'], quality: number): number | null {
  const q = loss.qualityLinkedRate;
  if (q === null) return null;
  return Math.min(q.max, Math.max(q.min, q.base - q.slope * quality));
}

function excessOf(a: number, t: number, mode: 'first_dollar' | 'net'): number {
  if (mode === 'first_dollar') return a >= t ? a : 0;
  return a > t ? a - t : 0;
}

/** B' after checking the inputs: a NaN here would otherwise settle silently as "no result". */
function discounted(spec: RiskShareSpec, benchmark: number, spend: number): number {
  const bp = benchmark * (1 - spec.discount);
  if (!(bp > 0 && bp < Number.POSITIVE_INFINITY))
    throw new DomainError('benchmark', `the discounted benchmark must be positive and finite, got ${bp}`);
  if (!Number.isFinite(spend)) throw new DomainError('spend', `must be a finite number, got ${spend}`);
  return bp;
}

/** Benchmark-based cap in GBP for a side (Infinity = none). */
function benchmarkCap(
  spec: RiskShareSpec,
  bands: Bands,
  capRate: number | null,
  bp: number,
  scale: number,
  override: number | null,
): number {
  if (capRate === null) return Number.POSITIVE_INFINITY;
  return spec.order === 'share_then_cap' ? capRate * bp : bp * shareOf(bands, capRate, scale, override);
}

function revenueCap(loss: RiskShareSpec['loss'], revenue: number | undefined): number {
  return loss.revenueCapRate === null || revenue === undefined
    ? Number.POSITIVE_INFINITY
    : loss.revenueCapRate * revenue;
}

/** Writes the corridor of one settlement (B10 steps 1-5) into `out` without allocating (the Monte Carlo path);
 *  when `bands` is given, each band's part is pushed onto it (the explained path). `revenue` undefined: only the
 *  benchmark limit applies. */
export function corridorInto(
  spec: RiskShareSpec,
  benchmark: number,
  spend: number,
  personYears: number,
  quality: number,
  revenue: number | undefined,
  out: CorridorFigures,
  bands: BandShare[] | null,
): void {
  const bp = discounted(spec, benchmark, spend);
  const x = (bp - spend) / bp;
  const isLoss = x < 0;
  const side = x > 0 ? 'gain' : isLoss ? 'loss' : 'none';
  const s = isLoss ? spec.loss : spec.gain;
  const scale = !isLoss && spec.gain.scaleByQuality ? quality : 1;
  const override = isLoss ? qualityLossRate(spec.loss, quality) : null;
  const threshold = thresholdRate(s.threshold, personYears);
  const e = side === 'none' ? 0 : excessOf(Math.abs(x), threshold, s.thresholdMode);
  const sign = isLoss ? -1 : 1;

  // Bands show the uncapped sharing; the cap is applied to their total below.
  let from = 0;
  let before = 0;
  const list = s.bands;
  for (let j = 0; j < list.length; j++) {
    const b = list[j]!;
    const r = override === null ? b.providerRate * scale : override;
    const to = b.upTo;
    const inBand = Math.max(0, Math.min(e, to ?? Number.POSITIVE_INFINITY) - from);
    const providerAbs = bp * r * inBand;
    before += providerAbs;
    if (bands !== null)
      bands.push({
        from,
        to,
        providerRate: r,
        resultInBand: sign * bp * inBand || 0,
        providerAmount: sign * providerAbs || 0,
      });
    if (to === null) break;
    if (to > from) from = to;
  }

  let capAbs = benchmarkCap(spec, s.bands, s.capRate, bp, scale, override);
  if (isLoss) capAbs = Math.min(capAbs, revenueCap(spec.loss, revenue));
  const cappedByRate = spec.order === 'cap_then_share' && s.capRate !== null && e > s.capRate;
  const capBinding = e > 0 && (before > capAbs || cappedByRate);
  let p = Math.min(before, capAbs);
  const haircut = isLoss ? 0 : p * spec.gain.haircut;
  p -= haircut;

  out.discountedBenchmark = bp;
  out.resultRate = x;
  out.side = side;
  out.threshold = threshold;
  out.thresholdMet = e > 0;
  out.providerBeforeCap = sign * before || 0;
  out.cap = Number.isFinite(capAbs) ? capAbs : null;
  out.capBinding = capBinding;
  out.haircut = haircut;
  out.providerShare = sign * p || 0;
}

/** Figures to be overwritten by corridorInto. */
export function emptyCorridorFigures(): CorridorFigures {
  return {
    discountedBenchmark: 0,
    resultRate: 0,
    side: 'none',
    threshold: 0,
    thresholdMet: false,
    providerBeforeCap: 0,
    cap: null,
    capBinding: false,
    haircut: 0,
    providerShare: 0,
  };
}

/** The corridor for one settlement with every intermediate figure, including each band's part (B10 steps 1-5). */
export function applyCorridor(input: CorridorInput): CorridorResult {
  const f = emptyCorridorFigures();
  const bands: BandShare[] = [];
  corridorInto(
    input.spec,
    input.benchmark,
    input.spend,
    input.personYears,
    input.quality ?? 1,
    input.revenue,
    f,
    bands,
  );
  return {
    discountedBenchmark: f.discountedBenchmark,
    resultRate: f.resultRate,
    side: f.side,
    threshold: f.threshold,
    thresholdMet: f.thresholdMet,
    bands,
    providerBeforeCap: f.providerBeforeCap,
    cap: f.cap,
    capBinding: f.capBinding,
    haircut: f.haircut,
    providerShare: f.providerShare,
  };
}
