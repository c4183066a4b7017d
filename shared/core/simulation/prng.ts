/* Counter-based random streams. Trial i of a run with seed S always draws from the stream keyed by (S, i), so a
 * result does not depend on how trials are split into chunks or spread over workers. The key is hashed to a
 * 128-bit xoshiro128** state with 32-bit integer arithmetic only (Math.imul, shifts), which every JavaScript
 * engine evaluates identically. */

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

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
  /** Second normal of the last polar pair (NaN: none). */
  private spare = Number.NaN;

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
    this.spare = Number.NaN;
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

  /** Standard normal by Marsaglia's polar method (pairs; the second is kept for the next call). */
  normal(): number {
    const spare = this.spare;
    if (!Number.isNaN(spare)) {
      this.spare = Number.NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Uniform in the open interval (0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b + 0.5) / TWO_POW_53;
  }
}
