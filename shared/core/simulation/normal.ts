/* Standard normal distribution functions used by the simulation (pure arithmetic, no allocation). */

/** Standard normal CDF Phi(x), double precision (Hart 1968 algorithm 5666 as given by West 2005, "Better
 *  approximations to cumulative normal functions"; absolute error < 1e-15). */
export function normCdf(x: number): number {
  const z = Math.abs(x);
  let c: number;
  if (z > 37) c = 0;
  else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      c = (e * n) / d;
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/** Standard normal density. */
export function normPdf(x: number): number {
  return Math.exp((-x * x) / 2) / 2.5066282746310002;
}

const A1 = -3.969683028665376e1;
const A2 = 2.209460984245205e2;
const A3 = -2.759285104469687e2;
const A4 = 1.38357751867269e2;
const A5 = -3.066479806614716e1;
const A6 = 2.506628277459239;
const B1 = -5.447609879822406e1;
const B2 = 1.615858368580409e2;
const B3 = -1.556989798598866e2;
const B4 = 6.680131188771972e1;
const B5 = -1.328068155288572e1;
const C1 = -7.784894002430293e-3;
const C2 = -3.223964580411365e-1;
const C3 = -2.400758277161838;
const C4 = -2.549732539343734;
const C5 = 4.374664141464968;
const C6 = 2.938163982698783;
const D1 = 7.784695709041462e-3;
const D2 = 3.224671290700398e-1;
const D3 = 2.445134137142996;
const D4 = 3.754408661907416;
const P_LOW = 0.02425;

/** Central region of normInvFast: p in [P_LOW, 1 - P_LOW]. */
export const NORM_INV_CENTRAL_LOW = P_LOW;
export const NORM_INV_CENTRAL_HIGH = 1 - P_LOW;

/** normInvFast on its central region [NORM_INV_CENTRAL_LOW, NORM_INV_CENTRAL_HIGH] (95% of draws): small enough
 *  for the compiler to inline into a hot loop, so its result is not boxed. */
export function normInvCentral(p: number): number {
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q) /
    (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1)
  );
}

/** normInvFast outside its central region (p < P_LOW or p > 1 - P_LOW), also small enough to inline. */
export function normInvTail(p: number): number {
  const lower = p < P_LOW;
  const q = Math.sqrt(-2 * Math.log(lower ? p : 1 - p));
  const z =
    (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  return lower ? z : -z;
}

/** Inverse standard normal CDF for p in (0, 1), relative error < 1.2e-9 (Acklam's rational approximation).
 *  Used to turn uniforms into normals on the hot path. */
export function normInvFast(p: number): number {
  return p >= P_LOW && p <= 1 - P_LOW ? normInvCentral(p) : normInvTail(p);
}

/** Inverse standard normal CDF to double precision: Acklam's approximation and one Halley step on normCdf.
 *  p = 0 gives -Infinity, p = 1 gives +Infinity. */
export function normInv(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const x = normInvFast(p);
  const e = normCdf(x) - p;
  const u = e * 2.5066282746310002 * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
