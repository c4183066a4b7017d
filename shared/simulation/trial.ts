import { quantileFromSurvival } from './costModel.ts';
import {
  MID_GRID_RANGE,
  MID_GRID_STEPS,
  type SegmentModel,
  type SimulationModel,
  midBandMoments,
} from './model.ts';
import { normInvFast } from './normal.ts';
import { TrialStream } from './prng.ts';

/* One Monte Carlo trial: systematic shocks, person-level costs by segment, outcome attainment. The draws of trial
 * i come only from TrialStream(seed, i), in a fixed order: tariff, line trend, epidemic, attainment, then the
 * segments in order. */

/** What one trial produced, before settlement. Reused between trials (no allocation per trial). */
export interface TrialDraw {
  /** Actual in-scope spend X (GBP). */
  spend: number;
  /** Specific stop-loss recovery sum_i c x min(max(0, C_i - A), limit) (GBP). */
  specific: number;
  /** People whose cost exceeded the attachment. */
  patientsAboveAttachment: number;
  /** Outcome score sum_m weight_m x attainment_m, clamped to [0, 1] (as engine/withhold.ts outcomeScore). */
  score: number;
}

export class TrialSampler {
  readonly stream = new TrialStream();
  private readonly z: Float64Array;
  private readonly factor: Float64Array;
  private readonly attainment: Float64Array;
  private readonly mid = new Float64Array(4);
  /** When set, the cost of every person above the attachment is pushed here (tests compare with settle). */
  patients: number[] | null = null;

  constructor(readonly model: SimulationModel) {
    const L = model.lines.length;
    this.z = new Float64Array(L);
    this.factor = new Float64Array(L);
    this.attainment = new Float64Array(model.measureWeights.length);
  }

  private normal(): number {
    return normInvFast(this.stream.uniform());
  }

  /** Fills `out` with trial `trial`. */
  draw(trial: number, out: TrialDraw): void {
    const m = this.model;
    this.stream.reset(m.seed, trial);
    const L = m.lines.length;

    // Systematic shocks: tariff (all lines), correlated line trend, optional epidemic.
    const tariff = m.tariffSd > 0 ? Math.exp(m.tariffSd * this.normal() - (m.tariffSd * m.tariffSd) / 2) : 1;
    const z = this.z;
    for (let j = 0; j < L; j++) z[j] = this.normal();
    const chol = m.trendChol;
    let epidemicUplift = 0;
    if (m.epidemic !== null) {
      const hit = this.stream.uniform() < m.epidemic.probability;
      const size = m.epidemic.mean + m.epidemic.sd * this.normal();
      if (hit && size > 0) epidemicUplift = size;
    }
    for (let j = 0; j < L; j++) {
      let e = 0;
      for (let k = 0; k <= j; k++) e += chol[j * L + k]! * z[k]!;
      const sd = m.trendSd[j]!;
      let f = sd > 0 ? Math.exp(sd * e - (sd * sd) / 2) : 1;
      if (epidemicUplift > 0 && m.epidemic!.affected[j] === 1) f *= 1 + epidemicUplift;
      this.factor[j] = f;
    }

    // Outcome attainment.
    const M = m.measureWeights.length;
    let score = 0;
    if (M > 0) {
      const z0 = this.normal();
      const a = Math.sqrt(m.attainmentCorrelation);
      const b = Math.sqrt(1 - m.attainmentCorrelation);
      for (let k = 0; k < M; k++) {
        const v = m.measureExpected[k]! + m.attainmentSd * (a * z0 + b * this.normal());
        this.attainment[k] = v < 0 ? 0 : v > 1 ? 1 : v;
        score += m.measureWeights[k]! * this.attainment[k]!;
      }
      score = Math.min(1, Math.max(0, score));
    }

    out.spend = 0;
    out.specific = 0;
    out.patientsAboveAttachment = 0;
    out.score = score;
    for (let s = 0; s < m.segments.length; s++) {
      const seg = m.segments[s]!;
      let mult = 0;
      for (let j = 0; j < L; j++) mult += seg.lineWeights[j]! * this.factor[j]!;
      mult *= tariff;
      if (seg.personLevel) this.personLevel(seg, mult, out);
      else this.fast(seg, mult, out);
    }
  }

  /** Recovery and count for one person with (shocked) cost x. */
  private highCost(x: number, out: TrialDraw): void {
    const m = this.model;
    const excess = x - m.attachment;
    if (excess > 0) {
      out.patientsAboveAttachment++;
      out.specific += m.coinsurance * Math.min(excess, m.limit);
      if (this.patients !== null) this.patients.push(x);
    }
  }

  /** Every person drawn by inversion of the survival function: one uniform each. */
  private personLevel(seg: SegmentModel, mult: number, out: TrialDraw): void {
    const d = seg.dist;
    const nonZero = 1 - d.zeroProb;
    const stream = this.stream;
    let spend = 0;
    for (let i = 0; i < seg.people; i++) {
      const s = stream.uniform();
      if (s >= nonZero) continue;
      const x = mult * quantileFromSurvival(d, s);
      spend += x;
      if (x > this.model.attachment) this.highCost(x, out);
    }
    out.spend += spend;
  }

  /** Fast method: K ~ Binomial(n, p) people above the explicit threshold q drawn one by one; the n - K below it
   *  aggregated by a normal with a Cornish-Fisher skewness term (exact mean, variance and skewness of the
   *  bulk sum given K). People above the attachment but below q (only when the attachment is low relative to the
   *  segment's size) contribute their stop-loss recovery through a normal with exact conditional moments,
   *  correlated with the bulk sum. */
  private fast(seg: SegmentModel, mult: number, out: TrialDraw): void {
    const m = this.model;
    const stream = this.stream;
    const n = seg.people;
    // Binomial(n, p) by inversion.
    let u = stream.uniform();
    let k = 0;
    let pk = seg.p0;
    while (u > pk && k < n) {
      u -= pk;
      pk *= ((n - k) / (k + 1)) * seg.oddsRatio;
      k++;
    }
    const nb = n - k;
    let bulk = 0;
    const z1 = this.normal();
    if (nb > 0) {
      const sd = Math.sqrt(nb * seg.bulkVar);
      const g = seg.bulkSkew / Math.sqrt(nb);
      const zc = z1 + (g / 6) * (z1 * z1 - 1);
      bulk = nb * seg.bulkMean + sd * zc;
      if (bulk < 0) bulk = 0;
    }
    const z2 = this.normal();
    out.spend += mult * bulk;

    // Stop-loss recoveries of people above the attachment inside the bulk: A / mult < q.
    if (nb > 0 && m.attachment / mult < seg.explicitThreshold) {
      const mo = this.mid;
      const lnM = Math.log(mult);
      const pos = ((lnM + MID_GRID_RANGE) / (2 * MID_GRID_RANGE)) * MID_GRID_STEPS;
      const t = seg.mid;
      if (t !== null && pos >= 0 && pos < MID_GRID_STEPS) {
        const i = Math.floor(pos);
        const f = pos - i;
        mo[0] = t.eg[i]! + f * (t.eg[i + 1]! - t.eg[i]!);
        mo[1] = t.eg2[i]! + f * (t.eg2[i + 1]! - t.eg2[i]!);
        mo[2] = t.ecg[i]! + f * (t.ecg[i + 1]! - t.ecg[i]!);
        mo[3] = t.pm[i]! + f * (t.pm[i + 1]! - t.pm[i]!);
      } else midBandMoments(seg, m.attachment, m.coinsurance, m.limit, mult, mo);
      const eg = mo[0]!;
      const pm = mo[3]!;
      const vg = Math.max(0, mo[1]! - eg * eg);
      const cov = mo[2]! - seg.bulkMean * eg;
      const rho =
        vg > 0 && seg.bulkVar > 0 ? Math.max(-1, Math.min(1, cov / Math.sqrt(vg * seg.bulkVar))) : 0;
      const zg = rho * z1 + Math.sqrt(1 - rho * rho) * z2;
      let rec = nb * eg + Math.sqrt(nb * vg) * zg;
      if (rec < 0) rec = 0;
      out.specific += rec;
      // The count moves with the recovery (same normal): exact mean and variance, reporting only.
      const count = Math.round(nb * pm + Math.sqrt(nb * pm * (1 - pm)) * zg);
      if (count > 0) out.patientsAboveAttachment += count;
    }

    // Explicit people above q: survival uniform on (0, p); in the Pareto tail, q x V^(-1/alpha).
    const scale = mult * seg.explicitThreshold;
    for (let i = 0; i < k; i++) {
      const x = seg.explicitPareto
        ? scale * Math.exp(-seg.invAlpha * Math.log(stream.uniform()))
        : mult * quantileFromSurvival(seg.dist, stream.uniform() * seg.explicitProb);
      out.spend += x;
      if (x > m.attachment) this.highCost(x, out);
    }
  }
}
