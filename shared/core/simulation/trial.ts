import { quantileFromSurvival } from './costModel.ts';
import type { SegmentModel, SimulationModel } from './model.ts';
import { MID_FUNCTIONS, type PooledModel, TAYLOR_RANGE, midFunctions } from './pooled.ts';
import { TrialStream } from './prng.ts';

/* One Monte Carlo trial: systematic shocks, person-level costs, outcome attainment. The draws of trial i come only
 * from TrialStream(seed, i), in a fixed order: tariff, line trend, epidemic, attainment, then the costs. */

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
  /** Line multipliers F_l = tariff x trend_l x epidemic_l of the current trial. */
  readonly lineFactor: Float64Array;
  private readonly z: Float64Array;
  /** Attainment of each outcome measure in the current trial. */
  readonly attainment: Float64Array;
  private readonly h: Float64Array;
  private readonly midSum = new Float64Array(MID_FUNCTIONS);
  private readonly midTmp = new Float64Array(4);
  private readonly midOut = new Float64Array(MID_FUNCTIONS);
  private readonly explicitCount: Int32Array;
  private hitSeg = new Int32Array(64);
  private hitPerson = new Float64Array(64);
  /** When set, the cost of every person drawn above the attachment is pushed here (tests compare with settle). */
  patients: number[] | null = null;

  constructor(readonly model: SimulationModel) {
    const L = model.lines.length;
    this.z = new Float64Array(L);
    this.lineFactor = new Float64Array(L);
    this.h = new Float64Array(L);
    this.attainment = new Float64Array(model.measureWeights.length);
    this.explicitCount = new Int32Array(model.segments.length);
  }

  private normal(): number {
    return this.stream.normal();
  }

  /** Segment multiplier M_s = sum_l w_sl F_l. */
  private multiplier(seg: SegmentModel): number {
    const F = this.lineFactor;
    const w = seg.lineWeights;
    let m = 0;
    for (let l = 0; l < F.length; l++) m += w[l]! * F[l]!;
    return m;
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
      this.lineFactor[j] = tariff * f;
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
    if (m.pool === null)
      for (let s = 0; s < m.segments.length; s++) {
        const seg = m.segments[s]!;
        this.personLevel(seg, this.multiplier(seg), out);
      }
    else this.pooled(m.pool, out);
  }

  /** Recovery and count for one person with (shocked) cost x above the attachment. */
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
    const attachment = this.model.attachment;
    let spend = 0;
    for (let i = 0; i < seg.people; i++) {
      const s = stream.uniform();
      if (s >= nonZero) continue;
      const x = mult * quantileFromSurvival(d, s);
      spend += x;
      if (x > attachment) this.highCost(x, out);
    }
    out.spend += spend;
  }

  /** The pooled fast method (see pooled.ts). */
  private pooled(p: PooledModel, out: TrialDraw): void {
    const m = this.model;
    const stream = this.stream;
    const F = this.lineFactor;
    const L = F.length;
    const K = MID_FUNCTIONS;
    const h = this.h;
    let maxDev = 0;
    let maxF = 0;
    for (let l = 0; l < L; l++) {
      h[l] = F[l]! - 1;
      maxDev = Math.max(maxDev, Math.abs(h[l]!));
      maxF = Math.max(maxF, F[l]!);
    }
    const mid = p.mid;
    const useTaylor = mid !== null && maxDev <= TAYLOR_RANGE;
    // The mid band needs every segment directly: large shocks with the expansion, or shocks big enough to push
    // people below T above the attachment without it.
    const direct = mid !== null ? !useTaylor : maxF > p.midFreeUpTo;
    const midSum = this.midSum;
    midSum.fill(0);

    // Explicit tail: H ~ Poisson(hit rate) by inversion; each hit picks a segment and a person in it; a person hit
    // twice is one explicit person (exact independent binomial counts per segment).
    let u = stream.uniform();
    let k = 0;
    let pk = p.expMinusHitRate;
    while (u > pk && k < 100_000) {
      u -= pk;
      k++;
      pk *= p.hitRate / k;
    }
    if (k > this.hitSeg.length) {
      this.hitSeg = new Int32Array(2 * k);
      this.hitPerson = new Float64Array(2 * k);
    }
    let meanAdj = 0;
    let varAdj = 0;
    const S = m.segments.length;
    if (direct) this.explicitCount.fill(0);
    for (let i = 0; i < k; i++) {
      const v = stream.uniform() * S;
      const j = Math.floor(v);
      const s = v - j < p.aliasProb[j]! ? j : p.aliasIndex[j]!;
      const seg = m.segments[s]!;
      const person = Math.floor(stream.uniform() * seg.people);
      let repeat = false;
      for (let r = 0; r < i; r++)
        if (this.hitSeg[r] === s && this.hitPerson[r] === person) {
          repeat = true;
          break;
        }
      this.hitSeg[i] = s;
      this.hitPerson[i] = person;
      if (repeat) continue;
      const mult = this.multiplier(seg);
      const w = stream.uniform();
      const cost =
        p.paretoAbove[s] === 1
          ? p.threshold * Math.exp(-p.invAlpha[s]! * Math.log(w))
          : quantileFromSurvival(seg.dist, w * p.pAbove[s]!);
      const x = mult * cost;
      out.spend += x;
      if (x > m.attachment) this.highCost(x, out);
      meanAdj += p.bulkMean[s]! * mult;
      varAdj += p.bulkVar[s]! * mult * mult;
      if (direct) this.explicitCount[s]!++;
      else if (useTaylor) {
        const dm = mult - 1;
        const t = mid!.seg;
        for (let f = 0; f < K; f++) {
          const o = (s * K + f) * 3;
          midSum[f]! -= t[o]! + dm * (t[o + 1]! + dm * t[o + 2]!);
        }
      }
    }

    // Bulk: exact conditional mean and variance, Cornish-Fisher skewness.
    let mean = -meanAdj;
    let variance = -varAdj;
    for (let l = 0; l < L; l++) {
      mean += p.meanByLine[l]! * F[l]!;
      let row = 0;
      for (let j = 0; j < L; j++) row += p.varForm[l * L + j]! * F[j]!;
      variance += F[l]! * row;
    }
    if (variance < 0) variance = 0;
    const sd = Math.sqrt(variance);
    const z1 = this.normal();
    let bulk = mean;
    if (sd > 0) {
      const shock = mean / p.mean0;
      const gamma = (p.thirdCumulant * shock * shock * shock) / (variance * sd);
      bulk += sd * (z1 + (gamma / 6) * (z1 * z1 - 1));
    }
    if (bulk < 0) bulk = 0;
    out.spend += bulk;
    const z2 = this.normal();

    if (!useTaylor && !direct) return;
    if (useTaylor) {
      const t = mid!;
      for (let f = 0; f < K; f++) {
        let acc = t.f0[f]!;
        for (let l = 0; l < L; l++) {
          acc += t.g1[f * L + l]! * h[l]!;
          let row = 0;
          for (let j = 0; j < L; j++) row += t.G2[(f * L + l) * L + j]! * h[j]!;
          acc += h[l]! * row;
        }
        midSum[f]! += acc;
      }
    } else {
      const o = this.midOut;
      for (let s = 0; s < S; s++) {
        const seg = m.segments[s]!;
        const nb = seg.people - this.explicitCount[s]!;
        if (nb <= 0) continue;
        const mult = this.multiplier(seg);
        midFunctions(
          seg.dist,
          p.threshold,
          p.pAbove[s]!,
          p.bulkMean[s]!,
          m.attachment,
          m.coinsurance,
          m.limit,
          mult,
          this.midTmp,
          o,
          0,
        );
        for (let f = 0; f < K; f++) midSum[f]! += nb * o[f]!;
      }
    }
    const eg = Math.max(0, midSum[0]!);
    const vg = Math.max(0, midSum[1]!);
    const cov = midSum[2]!;
    const rho = vg > 0 && variance > 0 ? Math.max(-1, Math.min(1, cov / Math.sqrt(vg * variance))) : 0;
    const zg = rho * z1 + Math.sqrt(1 - rho * rho) * z2;
    let rec = eg + Math.sqrt(vg) * zg;
    if (rec < 0) rec = 0;
    out.specific += rec;
    // The count moves with the recovery (same normal): exact mean and variance; reporting only.
    const count = Math.round(Math.max(0, midSum[3]!) + Math.sqrt(Math.max(0, midSum[4]!)) * zg);
    if (count > 0) out.patientsAboveAttachment += count;
  }
}
