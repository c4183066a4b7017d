import { EXPONENTIAL_ZIGGURAT, NORMAL_ZIGGURAT } from './ziggurat.ts';

/* Counter-based random streams. Trial i of a run with seed S always draws from the stream keyed by (S, i), so a
 * result does not depend on how trials are split into chunks or spread over workers. The key is hashed to a
 * 128-bit xoshiro128** state with 32-bit integer arithmetic only (Math.imul, shifts), which every JavaScript
 * engine evaluates identically. Normals and exponentials come from ziggurats (ziggurat.ts): two 32-bit words per
 * draw and, 99% of the time, no transcendental call. */

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const NK = NORMAL_ZIGGURAT.k;
const NW = NORMAL_ZIGGURAT.w;
const NF = NORMAL_ZIGGURAT.f;
const NR = NORMAL_ZIGGURAT.r;
const EK = EXPONENTIAL_ZIGGURAT.k;
const EW = EXPONENTIAL_ZIGGURAT.w;
const EF = EXPONENTIAL_ZIGGURAT.f;
const ER = EXPONENTIAL_ZIGGURAT.r;

/** 32-bit avalanche hash (lowbias32, C. Wellons): every input bit affects every output bit. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** xoshiro128** (Blackman and Vigna) over four 32-bit words. Mutable: one instance is re-keyed per trial. */
export class TrialStream {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed = 0, trial = 0) {
    this.reset(seed, trial);
  }

  /** Key the stream by (seed, trial): seed and trial are integers in [0, 2^53). */
  reset(seed: number, trial: number): void {
    const seedLo = seed >>> 0;
    const seedHi = Math.floor(seed / TWO_POW_32) >>> 0;
    const trialLo = trial >>> 0;
    const trialHi = Math.floor(trial / TWO_POW_32) >>> 0;
    let h = mix32(seedLo ^ 0x9e3779b9);
    h = mix32(h ^ seedHi);
    h = mix32(h ^ trialLo);
    h = mix32(h ^ trialHi);
    // Four state words from a counter mode of the hash (splitmix style): distinct, never all zero in practice.
    this.s0 = mix32(h + 0x9e3779b9) | 0;
    this.s1 = mix32(h + 0x3c6ef372) | 0;
    this.s2 = mix32(h + 0xdaa66d2b) | 0;
    this.s3 = mix32(h + 0x78dde6e4) | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit output as an unsigned integer. */
  nextU32(): number {
    const s1 = this.s1;
    const r = Math.imul(s1, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  /** Standard normal (ziggurat): word a gives the layer (8 bits), the sign (1 bit) and the top 23 of the 52 bits
   *  of r, word b the other 29. The fast path is kept small so the compiler inlines it into the loops. */
  normal(): number {
    const a = this.nextU32();
    const i = a & 255;
    const r = (a >>> 9) * 536870912 + (this.nextU32() >>> 3);
    if (r < NK[i]!) {
      const x = r * NW[i]!;
      return (a & 256) !== 0 ? -x : x;
    }
    return this.normalSlow(i, r, (a & 256) !== 0);
  }

  private normalSlow(i: number, r: number, negative: boolean): number {
    for (;;) {
      if (i === 0) {
        // Tail beyond R (Marsaglia 1964): R + E1 / R, accepted when 2 E2 > (E1 / R)^2.
        for (;;) {
          const xx = -Math.log(this.uniform()) / NR;
          const yy = -Math.log(this.uniform());
          if (yy + yy > xx * xx) return negative ? -(NR + xx) : NR + xx;
        }
      }
      const x = r * NW[i]!;
      if (NF[i]! + this.uniform() * (NF[i - 1]! - NF[i]!) < Math.exp(-0.5 * x * x)) return negative ? -x : x;
      const a = this.nextU32();
      i = a & 255;
      r = (a >>> 9) * 536870912 + (this.nextU32() >>> 3);
      negative = (a & 256) !== 0;
      if (r < NK[i]!) {
        const y = r * NW[i]!;
        return negative ? -y : y;
      }
    }
  }

  /** Standard exponential (ziggurat): word a gives the layer (8 bits) and the top 24 of the 52 bits of r, word b
   *  the other 28. */
  exponential(): number {
    const a = this.nextU32();
    const i = a & 255;
    const r = (a >>> 8) * 268435456 + (this.nextU32() >>> 4);
    if (r < EK[i]!) return r * EW[i]!;
    return this.exponentialSlow(i, r);
  }

  private exponentialSlow(i: number, r: number): number {
    for (;;) {
      // Tail beyond R: R plus a fresh exponential (memoryless).
      if (i === 0) return ER + this.exponential();
      const x = r * EW[i]!;
      if (EF[i]! + this.uniform() * (EF[i - 1]! - EF[i]!) < Math.exp(-x)) return x;
      const a = this.nextU32();
      i = a & 255;
      r = (a >>> 8) * 268435456 + (this.nextU32() >>> 4);
      if (r < EK[i]!) return r * EW[i]!;
    }
  }

  /** Uniform in the open interval (0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b + 0.5) / TWO_POW_53;
  }

  /** out[0..n) = the next n uniforms, exactly as n calls of uniform() (the state kept in locals: about twice as
   *  fast in a loop). */
  fillUniforms(out: Float64Array, n: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < n; i++) {
      let r = Math.imul(s1, 5);
      const a = Math.imul((r << 7) | (r >>> 25), 9) >>> 5;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      r = Math.imul(s1, 5);
      const b = Math.imul((r << 7) | (r >>> 25), 9) >>> 6;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[i] = (a * 67108864 + b + 0.5) / TWO_POW_53;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}
