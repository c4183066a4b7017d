import { partialMoment, quantileFromSurvival } from '../../shared/core/simulation/costModel.ts';
import { expFast } from '../../shared/core/simulation/fastMath.ts';
import type { SimulationModel } from '../../shared/core/simulation/model.ts';
import { normInv } from '../../shared/core/simulation/normal.ts';
import { MID_FUNCTIONS, TAYLOR_RANGE, midFunctions } from '../../shared/core/simulation/pooled.ts';
import { TrialStream } from '../../shared/core/simulation/prng.ts';
import { EXPONENTIAL_ZIGGURAT, NORMAL_ZIGGURAT } from '../../shared/core/simulation/ziggurat.ts';

/* A second, plain TypeScript implementation of one trial, written from the model's description (pooled.ts,
 * simulation README) and the TypeScript stream (TrialStream) for the WebAssembly kernel to be checked against,
 * number for number. No speed is sought: readable loops, BigInt for the person level's 64-bit counter-based
 * draws. Returns the trial before settlement. */

export interface ReferenceDraw {
  spend: number;
  specific: number;
  patientsAboveAttachment: number;
  score: number;
  /** Costs above the attachment, in draw order. */
  patients: number[];
}

const M64 = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;

/** SplitMix64's output function. */
export function fmix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

/** The person level's draws of one person: the counter-based stream of its segment and its own extra stream. */
class PersonWords {
  private extraIndex = 0n;
  constructor(
    private readonly segmentKey: bigint,
    private readonly person: bigint,
  ) {}
  word(k: bigint): bigint {
    return fmix64((this.segmentKey + (2n * this.person + k) * GAMMA) & M64);
  }
  extra(): bigint {
    const key = fmix64(this.segmentKey ^ (((this.person + 1n) * 0xda942042e4dd58b5n) & M64));
    this.extraIndex++;
    return fmix64((key + this.extraIndex * GAMMA) & M64);
  }
  extraUniform(): number {
    return (Number(this.extra() >> 11n) + 0.5) * 2 ** -53;
  }
  /** Ziggurat normal from word w (layer, sign, 52-bit r), fresh words from the extra stream. */
  normal(w: bigint): number {
    const { k, w: W, f, r: R } = NORMAL_ZIGGURAT;
    let i = Number(w & 255n);
    let negative = (w & 256n) !== 0n;
    let r = Number(w >> 12n);
    for (;;) {
      if (r < k[i]!) return negative ? -r * W[i]! : r * W[i]!;
      if (i === 0) {
        for (;;) {
          const xx = -Math.log(this.extraUniform()) / R;
          const yy = -Math.log(this.extraUniform());
          if (yy + yy > xx * xx) return negative ? -(R + xx) : R + xx;
        }
      }
      const x = r * W[i]!;
      if (f[i]! + this.extraUniform() * (f[i - 1]! - f[i]!) < Math.exp(-0.5 * x * x))
        return negative ? -x : x;
      const v = this.extra();
      i = Number(v & 255n);
      negative = (v & 256n) !== 0n;
      r = Number(v >> 12n);
    }
  }
  exponential(w: bigint): number {
    const { k, w: W, f, r: R } = EXPONENTIAL_ZIGGURAT;
    let i = Number(w & 255n);
    let r = Number(w >> 12n);
    let base = 0;
    for (;;) {
      if (r < k[i]!) return base + r * W[i]!;
      if (i === 0) base += R;
      else {
        const x = r * W[i]!;
        if (f[i]! + this.extraUniform() * (f[i - 1]! - f[i]!) < Math.exp(-x)) return base + x;
      }
      const v = this.extra();
      i = Number(v & 255n);
      r = Number(v >> 12n);
    }
  }
}

/** Trial `trial` of `model`, before settlement. */
export function referenceTrial(model: SimulationModel, trial: number): ReferenceDraw {
  const m = model;
  const s = new TrialStream(m.seed, trial);
  const L = m.lines.length;
  const M = m.measureWeights.length;
  const out: ReferenceDraw = { spend: 0, specific: 0, patientsAboveAttachment: 0, score: 0, patients: [] };
  const highCost = (x: number) => {
    if (x - m.attachment > 0) {
      out.patientsAboveAttachment += 1;
      out.specific += m.coinsurance * Math.min(x - m.attachment, m.limit);
      out.patients.push(x);
    }
  };

  // Shocks: tariff, one normal per line, [epidemic: a uniform and a normal], attainment.
  const tsd = m.tariffSd;
  const logTariff = tsd > 0 ? tsd * s.normal() - (tsd * tsd) / 2 : 0;
  const z = Array.from({ length: L }, () => s.normal());
  let uplift = 0;
  if (m.epidemic !== null) {
    const hit = s.uniform() < m.epidemic.probability;
    const size = m.epidemic.mean + m.epidemic.sd * s.normal();
    if (hit && size > 0) uplift = size;
  }
  const F = z.map((_, j) => {
    let e = 0;
    for (let k = 0; k <= j; k++) e += m.trendChol[j * L + k]! * z[k]!;
    let f = expFast(logTariff + m.trendSd[j]! * e - (m.trendSd[j]! * m.trendSd[j]!) / 2);
    if (uplift > 0 && m.epidemic!.affected[j] === 1) f *= 1 + uplift;
    return f;
  });
  if (M > 0) {
    const z0 = s.normal();
    const a = Math.sqrt(m.attainmentCorrelation);
    const b = Math.sqrt(1 - m.attainmentCorrelation);
    let score = 0;
    for (let k = 0; k < M; k++) {
      const v = m.measureExpected[k]! + m.attainmentSd * (a * z0 + b * s.normal());
      score += m.measureWeights[k]! * Math.min(1, Math.max(0, v));
    }
    out.score = Math.min(1, Math.max(0, score));
  }
  const multiplier = (w: Float64Array) => {
    const part = [0, 0, 0, 0];
    for (let l = 0; l < L; l++) part[l < L - (L % 4) ? l % 4 : 0]! += w[l]! * F[l]!;
    return part[0]! + part[1]! + (part[2]! + part[3]!);
  };

  if (m.pool === null) {
    // Person level: the counter-based stream of (seed, trial, segment).
    const trialKey = fmix64(fmix64(BigInt(m.seed) ^ 0x2545f4914f6cdd1dn) ^ BigInt(trial));
    m.segments.forEach((seg, si) => {
      const d = seg.dist;
      const key = fmix64((trialKey + BigInt(si + 1) * 0xd1b54a32d192ed03n) & M64);
      const zeroBelow = BigInt(Math.round(d.zeroProb * 2 ** 32));
      const tailBelow = BigInt(Math.round((d.zeroProb + (1 - d.zeroProb) * d.tailMass) * 2 ** 32));
      const bodyLow = d.tailMass > 0 ? normInv(d.tailMass) : Number.NEGATIVE_INFINITY;
      const mult = multiplier(seg.lineWeights);
      let spend = 0;
      for (let i = 0; i < seg.people; i++) {
        const words = new PersonWords(key, BigInt(i));
        const decide = words.word(1n) >> 32n;
        let x = 0;
        if (decide >= zeroBelow) {
          const w = words.word(2n);
          if (decide < tailBelow) x = mult * (d.splice * expFast(words.exponential(w) * (1 / d.alpha)));
          else {
            let zz = words.normal(w);
            while (!(zz > bodyLow)) zz = words.normal(words.extra());
            x = mult * expFast(d.mu - d.sigma * zz);
          }
        }
        spend += x;
        if (x > m.attachment) highCost(x);
      }
      out.spend += spend;
    });
    return out;
  }

  // Pooled: explicit tail (Poisson hits, alias table, repeats merged), bulk (exact moments, Cornish-Fisher),
  // mid band (expansion or direct).
  const p = m.pool;
  const h = F.map((f) => f - 1);
  const maxDev = Math.max(0, ...h.map(Math.abs));
  const useTaylor = p.mid !== null && maxDev <= TAYLOR_RANGE;
  const direct = p.mid !== null ? !useTaylor : Math.max(0, ...F) > p.midFreeUpTo;
  const midSum = new Array<number>(MID_FUNCTIONS).fill(0);
  const explicitCount = new Array<number>(m.segments.length).fill(0);
  const u = s.uniform();
  let k = p.hitGuide[Math.floor(u * p.hitGuide.length)]!;
  while (p.hitCdf[k]! < u) k++;
  const seen = new Set<number>();
  let meanAdj = 0;
  let varAdj = 0;
  let spend = 0;
  for (let i = 0; i < k; i++) {
    const v = s.uniform() * m.segments.length;
    const j = Math.floor(v);
    const si = v - j < p.aliasProb[j]! ? j : p.aliasIndex[j]!;
    const seg = m.segments[si]!;
    const key = si * 2 ** 32 + Math.floor((s.nextU32() * seg.people) / 2 ** 32);
    if (seen.has(key)) continue;
    seen.add(key);
    const mult = multiplier(seg.lineWeights);
    const cost =
      p.paretoAbove[si] === 1
        ? p.threshold * expFast(s.exponential() * p.invAlpha[si]!)
        : quantileFromSurvival(seg.dist, s.uniform() * p.pAbove[si]!);
    const x = mult * cost;
    spend += x;
    if (x > m.attachment) highCost(x);
    meanAdj += p.bulkMean[si]! * mult;
    varAdj += p.bulkVar[si]! * mult * mult;
    if (direct) explicitCount[si]! += 1;
    else if (useTaylor) {
      const dm = mult - 1;
      for (let f = 0; f < MID_FUNCTIONS; f++) {
        const c = (si * MID_FUNCTIONS + f) * 3;
        midSum[f]! -= p.mid!.seg[c]! + dm * (p.mid!.seg[c + 1]! + dm * p.mid!.seg[c + 2]!);
      }
    }
  }
  out.spend += spend;
  const z1 = s.normal();
  let mean = -meanAdj;
  let variance = -varAdj;
  for (let l = 0; l < L; l++) {
    mean += p.meanByLine[l]! * F[l]!;
    let row = 0;
    for (let j = 0; j <= l; j++) row += (j === l ? 1 : 2) * p.varForm[l * L + j]! * F[j]!;
    variance += F[l]! * row;
  }
  if (variance < 0) variance = 0;
  const sd = Math.sqrt(variance);
  let bulk = mean;
  if (sd > 0) {
    const shock = mean / p.mean0;
    const gamma = (p.thirdCumulant * shock * shock * shock) / (variance * sd);
    bulk += sd * (z1 + (gamma / 6) * (z1 * z1 - 1));
  }
  out.spend += Math.max(0, bulk);
  if (!useTaylor && !direct) return out;
  const z2 = s.normal();
  if (useTaylor) {
    const t = p.mid!;
    for (let f = 0; f < MID_FUNCTIONS; f++) {
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
    const tmp = new Float64Array(4);
    const o = new Float64Array(MID_FUNCTIONS);
    m.segments.forEach((seg, si) => {
      const nb = seg.people - explicitCount[si]!;
      if (nb <= 0) return;
      const mult = multiplier(seg.lineWeights);
      midFunctions(
        seg.dist,
        p.threshold,
        p.pAbove[si]!,
        p.bulkMean[si]!,
        m.attachment,
        m.coinsurance,
        m.limit,
        mult,
        tmp,
        o,
        0,
      );
      for (let f = 0; f < MID_FUNCTIONS; f++) midSum[f]! += nb * o[f]!;
    });
  }
  const eg = Math.max(0, midSum[0]!);
  const vg = Math.max(0, midSum[1]!);
  const rho = vg > 0 && variance > 0 ? Math.max(-1, Math.min(1, midSum[2]! / Math.sqrt(vg * variance))) : 0;
  const zg = rho * z1 + Math.sqrt(1 - rho * rho) * z2;
  out.specific += Math.max(0, eg + Math.sqrt(vg) * zg);
  const count = Math.round(Math.max(0, midSum[3]!) + Math.sqrt(Math.max(0, midSum[4]!)) * zg);
  if (count > 0) out.patientsAboveAttachment += count;
  return out;
}

/** Partial moments are the closed forms the kernel's model was built from (re-exported for tests). */
export { partialMoment };
