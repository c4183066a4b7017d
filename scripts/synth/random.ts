/* The generator's own seeded random numbers (independent of the simulation's streams, so a test that profiles
 * generated data does not share a generator with the code it checks): sfc32 seeded by splitmix32 from a seed
 * and a stream number, so people and activity draw from separate, reproducible streams. */

function splitmix32(a: number): () => number {
  return () => {
    a |= 0;
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(seed: number, stream = 0) {
    const mix = splitmix32((seed * 0x85ebca6b) ^ (stream * 0xc2b2ae35) ^ 0x27d4eb2f);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix() | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on (0, 1): never 0 or 1. */
  uniform(): number {
    return (this.u32() + 0.5) / 4294967296;
  }

  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    const u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Poisson by inversion (the means used here are small). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    const l = Math.exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > l) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  /** Index drawn from cumulative weights (binary search). */
  pick(cumulative: Float64Array): number {
    const x = this.uniform() * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** n shares of 1 from a flat Dirichlet (normalised exponentials). */
  split(n: number): number[] {
    if (n === 1) return [1];
    const e = Array.from({ length: n }, () => -Math.log(this.uniform()));
    const total = e.reduce((a, v) => a + v, 0);
    return e.map((v) => v / total);
  }
}

export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let t = 0;
  weights.forEach((w, i) => {
    t += w;
    out[i] = t;
  });
  return out;
}
