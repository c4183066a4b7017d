/* Independent reference for the aggregate cost of N people (the "second method" of the simulation tests): the
 * person-level cost is discretised on a grid of step h (rounding method) and the distribution of the sum of N
 * i.i.d. copies is the inverse FFT of the N-th power of its discrete Fourier transform. Nothing here uses the
 * simulation code: the CDF is written out from the model's definition, Phi by its erf series. */

export interface SplicedParams {
  zeroProb: number;
  mu: number;
  sigma: number;
  /** Splice point and tail mass of the Pareto tail (tailMass 0: pure lognormal). */
  splice: number;
  tailMass: number;
  alpha: number;
}

function phi(x: number): number {
  if (x < -8) return 0;
  if (x > 8) return 1;
  // erf series converges for all x; 8 / sqrt 2 needs ~120 terms.
  const z = x / Math.SQRT2;
  let term = z;
  let sum = z;
  for (let n = 1; n < 400; n++) {
    term *= (-z * z) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17) break;
  }
  return 0.5 + sum / Math.sqrt(Math.PI);
}

/** P(C <= x) of the zero-inflated lognormal body / Pareto tail. */
export function cdf(p: SplicedParams, x: number): number {
  if (x < 0) return 0;
  if (x === 0) return p.zeroProb;
  let g: number;
  if (p.tailMass === 0 || x <= p.splice) g = phi((Math.log(x) - p.mu) / p.sigma);
  else g = 1 - p.tailMass * (p.splice / x) ** p.alpha;
  return p.zeroProb + (1 - p.zeroProb) * g;
}

/** In-place iterative radix-2 FFT; inverse when `inverse` (unscaled). */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    for (let i = 0; i < n; i += len)
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
  }
}

/** Probability mass of the sum of N i.i.d. costs at 0, h, 2h, ... (length m, a power of 2). */
export function aggregatePmf(p: SplicedParams, n: number, h: number, m: number): Float64Array {
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  let prev = cdf(p, h / 2);
  re[0] = prev;
  for (let j = 1; j < m; j++) {
    const next = cdf(p, (j + 0.5) * h);
    re[j] = next - prev;
    prev = next;
  }
  fft(re, im, false);
  for (let k = 0; k < m; k++) {
    const r = Math.hypot(re[k]!, im[k]!);
    const t = Math.atan2(im[k]!, re[k]!);
    const rn = r ** n;
    re[k] = rn * Math.cos(n * t);
    im[k] = rn * Math.sin(n * t);
  }
  fft(re, im, true);
  for (let k = 0; k < m; k++) re[k] = Math.max(0, re[k]! / m);
  return re;
}

/** Integral of P(C > x) over (a, b] by the trapezium rule on a geometric grid (for stop-loss layers). */
export function layerExpectation(p: SplicedParams, a: number, b: number, steps = 200_000): number {
  const la = Math.log(a);
  const lb = Math.log(b);
  let sum = 0;
  let prevX = a;
  let prevS = 1 - cdf(p, a);
  for (let i = 1; i <= steps; i++) {
    const x = Math.exp(la + ((lb - la) * i) / steps);
    const s = 1 - cdf(p, x);
    sum += ((prevS + s) / 2) * (x - prevX);
    prevX = x;
    prevS = s;
  }
  return sum;
}
