/* Ziggurat tables (Marsaglia and Tsang 2000, "The ziggurat method for generating random variables", 256 layers,
 * the layout NumPy's Generator uses) for the standard normal and the standard exponential. A draw takes one layer
 * index (8 bits), a sign bit for the normal and a 52-bit integer r; x = r x w[i] is accepted at once when
 * r < k[i] (about 99% of draws: no transcendental call); otherwise the wedge test against f = exp(-x^2/2)
 * (normal) or exp(-x) (exponential), or the tail beyond the base layer. The tables are computed here from the
 * published layer constants (the rightmost layer edge R and the common layer area V); the sampling code is in
 * prng.ts. test/statistical/simulation/units.test.ts checks moments, tail probabilities and a chi-square of the
 * drawn distributions against Phi and 1 - exp(-x). */

const LAYERS = 256;
const M52 = 2 ** 52;

export interface ZigguratTables {
  /** Acceptance thresholds on the 52-bit integer r, by layer. */
  k: Float64Array;
  /** Scale of r to x, by layer. */
  w: Float64Array;
  /** Density at the layer edges, by layer. */
  f: Float64Array;
  /** Right edge of the base layer (start of the tail). */
  r: number;
}

/** Normal: f(x) = exp(-x^2/2) on x >= 0, R = 3.6541528853610088, V = 0.00492867323399. */
function normalTables(): ZigguratTables {
  let dn = 3.6541528853610088;
  const vn = 0.00492867323399;
  const k = new Float64Array(LAYERS);
  const w = new Float64Array(LAYERS);
  const f = new Float64Array(LAYERS);
  const q = vn / Math.exp(-0.5 * dn * dn);
  k[0] = (dn / q) * M52;
  k[1] = 0;
  w[0] = q / M52;
  w[LAYERS - 1] = dn / M52;
  f[0] = 1;
  f[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  let tn = dn;
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    k[i + 1] = (dn / tn) * M52;
    tn = dn;
    f[i] = Math.exp(-0.5 * dn * dn);
    w[i] = dn / M52;
  }
  return { k, w, f, r: 3.6541528853610088 };
}

/** Exponential: f(x) = exp(-x), R = 7.69711747013105, V = 0.003949659822581557. */
function exponentialTables(): ZigguratTables {
  let de = 7.69711747013105;
  const ve = 0.003949659822581557;
  const k = new Float64Array(LAYERS);
  const w = new Float64Array(LAYERS);
  const f = new Float64Array(LAYERS);
  const q = ve / Math.exp(-de);
  k[0] = (de / q) * M52;
  k[1] = 0;
  w[0] = q / M52;
  w[LAYERS - 1] = de / M52;
  f[0] = 1;
  f[LAYERS - 1] = Math.exp(-de);
  let te = de;
  for (let i = LAYERS - 2; i >= 1; i--) {
    de = -Math.log(ve / de + Math.exp(-de));
    k[i + 1] = (de / te) * M52;
    te = de;
    f[i] = Math.exp(-de);
    w[i] = de / M52;
  }
  return { k, w, f, r: 7.69711747013105 };
}

export const NORMAL_ZIGGURAT = normalTables();
export const EXPONENTIAL_ZIGGURAT = exponentialTables();
