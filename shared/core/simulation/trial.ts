import { quantileFromSurvival } from './costModel.ts';
import { expFast } from './fastMath.ts';
import type { SimulationModel } from './model.ts';
import { NORM_INV_CENTRAL_HIGH, NORM_INV_CENTRAL_LOW, normInvCentral, normInvTail } from './normal.ts';
import { MID_FUNCTIONS, type PooledModel, TAYLOR_RANGE, midFunctions } from './pooled.ts';
import { TrialStream } from './prng.ts';

/* One Monte Carlo trial: systematic shocks, person-level costs, outcome attainment. The draws of trial i come only
 * from TrialStream(seed, i), in a fixed order: tariff, line trend, epidemic, attainment, then the costs.
 * Hot path: the sampler lays the model out once per chunk in flat typed arrays (segment x line weights, the cost
 * distribution of every segment by field) so every loop is monomorphic and allocation-free; exponentials use
 * expFast; normals and exponentials come from the stream's ziggurats. */

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

const TWO_POW_32 = 4294967296;

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
  /** Explicit people of the current trial as segment x 2^32 + person (de-duplication of Poisson hits). */
  private hitKey = new Float64Array(64);
  /** Uniforms of one segment's people (person-level method). */
  private uniforms = new Float64Array(1024);
  /** When set, the cost of every person drawn above the attachment is pushed here (tests compare with settle). */
  patients: number[] | null = null;
  // Flat copies of the model (see the file comment).
  private readonly L: number;
  private readonly S: number;
  private readonly weights: Float64Array; // [s * L + l]
  private readonly people: Float64Array;
  private readonly halfVar: Float64Array; // sd_l^2 / 2
  private readonly varLower: Float64Array; // bulk variance form, lower triangle, off-diagonal doubled
  // Person-level cost distributions by field (costModel.ts quantileFromSurvival, per segment).
  private readonly nonZero: Float64Array;
  private readonly invNonZero: Float64Array;
  private readonly mu: Float64Array;
  private readonly sigma: Float64Array;
  private readonly tailMass: Float64Array;
  private readonly splice: Float64Array;
  private readonly invAlpha: Float64Array;
  private readonly logTailMass: Float64Array;

  constructor(readonly model: SimulationModel) {
    const L = model.lines.length;
    const S = model.segments.length;
    this.L = L;
    this.S = S;
    this.z = new Float64Array(L);
    this.lineFactor = new Float64Array(L);
    this.h = new Float64Array(L);
    this.attainment = new Float64Array(model.measureWeights.length);
    this.explicitCount = new Int32Array(S);
    this.weights = new Float64Array(S * L);
    this.people = new Float64Array(S);
    this.nonZero = new Float64Array(S);
    this.invNonZero = new Float64Array(S);
    this.mu = new Float64Array(S);
    this.sigma = new Float64Array(S);
    this.tailMass = new Float64Array(S);
    this.splice = new Float64Array(S);
    this.invAlpha = new Float64Array(S);
    this.logTailMass = new Float64Array(S);
    model.segments.forEach((seg, s) => {
      this.weights.set(seg.lineWeights, s * L);
      this.people[s] = seg.people;
      const d = seg.dist;
      this.nonZero[s] = 1 - d.zeroProb;
      this.invNonZero[s] = 1 / (1 - d.zeroProb);
      this.mu[s] = d.mu;
      this.sigma[s] = d.sigma;
      this.tailMass[s] = d.tailMass;
      this.splice[s] = d.splice;
      this.invAlpha[s] = 1 / d.alpha;
      this.logTailMass[s] = Math.log(d.tailMass);
    });
    this.halfVar = Float64Array.from(model.trendSd, (sd) => (sd * sd) / 2);
    this.varLower = new Float64Array(L * L);
    const q = model.pool?.varForm;
    if (q !== undefined)
      for (let l = 0; l < L; l++)
        for (let j = 0; j <= l; j++) this.varLower[l * L + j] = j === l ? q[l * L + j]! : 2 * q[l * L + j]!;
  }

  /** Segment multiplier M_s = sum_l w_sl F_l (four partial sums: the adds of one sum would wait on each other). */
  private multiplier(s: number): number {
    const F = this.lineFactor;
    const w = this.weights;
    const L = this.L;
    const o = s * L;
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let l = 0;
    for (; l + 3 < L; l += 4) {
      m0 += w[o + l]! * F[l]!;
      m1 += w[o + l + 1]! * F[l + 1]!;
      m2 += w[o + l + 2]! * F[l + 2]!;
      m3 += w[o + l + 3]! * F[l + 3]!;
    }
    for (; l < L; l++) m0 += w[o + l]! * F[l]!;
    return m0 + m1 + (m2 + m3);
  }

  /** Fills `out` with trial `trial`. */
  draw(trial: number, out: TrialDraw): void {
    const m = this.model;
    const stream = this.stream;
    stream.reset(m.seed, trial);
    const L = this.L;

    // Systematic shocks: tariff (all lines), correlated line trend, optional epidemic; F_l = exp(log tariff +
    // sd_l e_l - sd_l^2 / 2) x (1 + epidemic uplift on affected lines).
    const tsd = m.tariffSd;
    const logTariff = tsd > 0 ? tsd * stream.normal() - (tsd * tsd) / 2 : 0;
    const z = this.z;
    for (let j = 0; j < L; j++) z[j] = stream.normal();
    const chol = m.trendChol;
    let epidemicUplift = 0;
    if (m.epidemic !== null) {
      const hit = stream.uniform() < m.epidemic.probability;
      const size = m.epidemic.mean + m.epidemic.sd * stream.normal();
      if (hit && size > 0) epidemicUplift = size;
    }
    const F = this.lineFactor;
    const trendSd = m.trendSd;
    const halfVar = this.halfVar;
    for (let j = 0; j < L; j++) {
      let e = 0;
      const row = j * L;
      for (let k = 0; k <= j; k++) e += chol[row + k]! * z[k]!;
      let f = expFast(logTariff + trendSd[j]! * e - halfVar[j]!);
      if (epidemicUplift > 0 && m.epidemic!.affected[j] === 1) f *= 1 + epidemicUplift;
      F[j] = f;
    }

    // Outcome attainment.
    const M = m.measureWeights.length;
    let score = 0;
    if (M > 0) {
      const z0 = stream.normal();
      const a = Math.sqrt(m.attainmentCorrelation);
      const b = Math.sqrt(1 - m.attainmentCorrelation);
      for (let k = 0; k < M; k++) {
        const v = m.measureExpected[k]! + m.attainmentSd * (a * z0 + b * stream.normal());
        this.attainment[k] = v < 0 ? 0 : v > 1 ? 1 : v;
        score += m.measureWeights[k]! * this.attainment[k]!;
      }
      score = Math.min(1, Math.max(0, score));
    }

    out.spend = 0;
    out.specific = 0;
    out.patientsAboveAttachment = 0;
    out.score = score;
    if (m.pool === null) for (let s = 0; s < this.S; s++) this.personLevel(s, this.multiplier(s), out);
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

  /** Every person of segment s drawn by inversion of the survival function (quantileFromSurvival, laid out by
   *  field): one uniform each. */
  private personLevel(s: number, mult: number, out: TrialDraw): void {
    const attachment = this.model.attachment;
    const nonZero = this.nonZero[s]!;
    const invNonZero = this.invNonZero[s]!;
    const tailMass = this.tailMass[s]!;
    const splice = this.splice[s]!;
    const invAlpha = this.invAlpha[s]!;
    const logTailMass = this.logTailMass[s]!;
    const mu = this.mu[s]!;
    const sigma = this.sigma[s]!;
    const n = this.people[s]!;
    if (n > this.uniforms.length) this.uniforms = new Float64Array(Math.max(n, 2 * this.uniforms.length));
    const u = this.uniforms;
    this.stream.fillUniforms(u, n);
    let spend = 0;
    for (let i = 0; i < n; i++) {
      const ui = u[i]!;
      if (ui >= nonZero) continue;
      const sn = ui * invNonZero; // survival among non-zero costs
      let cost: number;
      if (sn <= tailMass) cost = splice * expFast(invAlpha * (logTailMass - Math.log(sn)));
      else {
        // normInvFast's two branches, each small enough to be inlined (a call returns a boxed number: an
        // allocation per person).
        const z =
          sn >= NORM_INV_CENTRAL_LOW && sn <= NORM_INV_CENTRAL_HIGH ? normInvCentral(sn) : normInvTail(sn);
        cost = expFast(mu - sigma * z);
      }
      const x = mult * cost;
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
    const L = this.L;
    const S = this.S;
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
    if (mid !== null || direct) midSum.fill(0);

    // Explicit tail: H ~ Poisson(hit rate) by inversion of its tabulated CDF (guide table); each hit picks a
    // segment (alias table) and a person in it; a person hit twice is one explicit person (exact independent
    // binomial counts per segment).
    const u = stream.uniform();
    const cdf = p.hitCdf;
    let k = p.hitGuide[Math.floor(u * p.hitGuide.length)]!;
    while (cdf[k]! < u) k++;
    if (k > this.hitKey.length) this.hitKey = new Float64Array(2 * k);
    const keys = this.hitKey;
    let explicit = 0;
    let meanAdj = 0;
    let varAdj = 0;
    let spend = 0;
    const attachment = m.attachment;
    if (direct) this.explicitCount.fill(0);
    for (let i = 0; i < k; i++) {
      const v = stream.uniform() * S;
      const j = Math.floor(v);
      const s = v - j < p.aliasProb[j]! ? j : p.aliasIndex[j]!;
      // Person index from 32 bits: uniform to within people / 2^32, and only used to recognise repeats.
      const key = s * TWO_POW_32 + Math.floor((stream.nextU32() * this.people[s]!) / TWO_POW_32);
      let repeat = false;
      for (let r = 0; r < explicit; r++)
        if (keys[r] === key) {
          repeat = true;
          break;
        }
      if (repeat) continue;
      keys[explicit++] = key;
      const mult = this.multiplier(s);
      const cost =
        p.paretoAbove[s] === 1
          ? p.threshold * expFast(stream.exponential() * p.invAlpha[s]!)
          : quantileFromSurvival(m.segments[s]!.dist, stream.uniform() * p.pAbove[s]!);
      const x = mult * cost;
      spend += x;
      if (x > attachment) this.highCost(x, out);
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
    out.spend += spend;

    // Bulk: exact conditional mean and variance (symmetric form: lower triangle), Cornish-Fisher skewness.
    let mean = -meanAdj;
    let variance = -varAdj;
    const a = p.meanByLine;
    const q = this.varLower;
    for (let l = 0; l < L; l++) {
      const fl = F[l]!;
      mean += a[l]! * fl;
      let row = 0;
      const o = l * L;
      for (let j = 0; j <= l; j++) row += q[o + j]! * F[j]!;
      variance += fl * row;
    }
    if (variance < 0) variance = 0;
    const sd = Math.sqrt(variance);
    const z1 = stream.normal();
    let bulk = mean;
    if (sd > 0) {
      const shock = mean / p.mean0;
      const gamma = (p.thirdCumulant * shock * shock * shock) / (variance * sd);
      bulk += sd * (z1 + (gamma / 6) * (z1 * z1 - 1));
    }
    if (bulk < 0) bulk = 0;
    out.spend += bulk;

    if (!useTaylor && !direct) return;
    const z2 = stream.normal();
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
        const nb = this.people[s]! - this.explicitCount[s]!;
        if (nb <= 0) continue;
        midFunctions(
          m.segments[s]!.dist,
          p.threshold,
          p.pAbove[s]!,
          p.bulkMean[s]!,
          attachment,
          m.coinsurance,
          m.limit,
          this.multiplier(s),
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
