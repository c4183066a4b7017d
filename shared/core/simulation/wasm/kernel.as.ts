// The trial kernel in AssemblyScript, compiled to WebAssembly (npm run build:kernel -> kernelWasm.ts). It draws one
// trial of a run exactly as the TypeScript reference did, word for word of the same stream (TrialStream in
// prng.ts: xoshiro128** keyed by (seed, trial), ziggurat normals and exponentials), so a trial's numbers depend on
// (seed, trial) only. Settlement stays in TypeScript (settleTrial); so does the rare direct mid-band sum (closed
// forms, pooled.ts midFunctions), which the kernel hands back with status NEEDS_DIRECT_MID.
//
// Why WebAssembly (see the simulation README): the same loops as JavaScript, but compiled ahead of time by
// Binaryen: no type checks, no boxed numbers, no inlining budget, no deoptimisation, and the same speed in a
// bundle as under a TypeScript loader.
//
// Memory: TrialSampler (trial.ts) lays the model out in linear memory above __heap_base and sets the pointer and
// scalar globals below by name; every array is float64 unless its name ends in I32. Transcendental functions of
// the rare paths (ziggurat tails and wedges, the Pareto and normal tails of the person level) are JavaScript's
// Math, imported, so the numbers are the reference's to the bit.

@external('env', 'log')
declare function mathLog(x: f64): f64;
@external('env', 'exp')
declare function mathExp(x: f64): f64;
@external('env', 'pow')
declare function mathPow(x: f64, y: f64): f64;

// ---- the model (set by trial.ts) ----
export let L: i32 = 0;
export let S: i32 = 0;
export let M: i32 = 0;
export let seed: f64 = 0;
export let pooled: i32 = 0;
export let tariffSd: f64 = 0;
export let epidemic: i32 = 0;
export let epidemicProbability: f64 = 0;
export let epidemicMean: f64 = 0;
export let epidemicSd: f64 = 0;
export let attainmentSd: f64 = 0;
export let attainA: f64 = 0;
export let attainB: f64 = 0;
export let attachment: f64 = 0;
export let coinsurance: f64 = 0;
export let limit: f64 = 0;
export let threshold: f64 = 0;
export let hasMid: i32 = 0;
export let midFreeUpTo: f64 = 0;
export let mean0: f64 = 0;
export let thirdCumulant: f64 = 0;
export let guideLength: i32 = 0;
export let recordPatients: i32 = 0;
export let patientCapacity: i32 = 0;
// Arrays.
export let normK: usize = 0;
export let normW: usize = 0;
export let normF: usize = 0;
export let expK: usize = 0;
export let expW: usize = 0;
export let expF: usize = 0;
export let fraction: usize = 0;
export let pow2: usize = 0;
export let cholT: usize = 0; // the Cholesky factor transposed: cholT[k * L + j] = chol[j * L + k]
export let trendSd: usize = 0;
export let halfVar: usize = 0;
export let affectedI32: usize = 0;
export let measureWeights: usize = 0;
export let measureExpected: usize = 0;
export let weights: usize = 0; // S x L
export let people: usize = 0;
export let nonZero: usize = 0;
export let invNonZero: usize = 0;
export let mu: usize = 0;
export let sigma: usize = 0;
export let tailMass: usize = 0;
export let splice: usize = 0;
export let invAlpha: usize = 0;
export let logTailMass: usize = 0;
export let zeroProb: usize = 0;
export let alpha: usize = 0;
export let bodyLow: usize = 0; // per segment: the normal score below which a cost is in the tail
export let zeroBelowU32Scaled: usize = 0; // per segment: round(p0 2^32)
export let tailBelowU32Scaled: usize = 0; // per segment: round((p0 + (1 - p0) tau) 2^32)
export let rec: usize = 0; // S x recStride: REC_* below
export let recStride: i32 = 0;
export let aliasProb: usize = 0;
export let aliasIndexI32: usize = 0;
export let hitCdf: usize = 0;
export let hitGuideI32: usize = 0;
export let meanByLine: usize = 0;
export let varLower: usize = 0;
export let midF0: usize = 0;
export let midG1: usize = 0;
export let midG2: usize = 0;
export let midSeg: usize = 0;
// Scratch and outputs.
export let z: usize = 0;
export let lineFactor: usize = 0;
export let trend: usize = 0;
export let h: usize = 0;
export let attainment: usize = 0;
export let hitKey: usize = 0;
export let hitKeyCapacity: i32 = 0;
export let hitTagI32: usize = 0;
export let explicitCountI32: usize = 0;
export let midSum: usize = 0;
export let segmentMultiplier: usize = 0;
export let patients: usize = 0;
export let patientCount: i32 = 0;
// One trial's result, copied to `result` at the end of a draw: spend, specific recovery, people above the
// attachment, score.
let outSpend: f64 = 0;
let outSpecific: f64 = 0;
let outAbove: f64 = 0;
let outScore: f64 = 0;
export let result: usize = 0;
// Carried to finishMid when the direct mid band runs in TypeScript.
export let z1: f64 = 0;
export let z2: f64 = 0;
export let bulkVariance: f64 = 0;
let tag: i32 = 0;

export const REC_PEOPLE: i32 = 0;
export const REC_INV_ALPHA: i32 = 1;
export const REC_BULK_MEAN: i32 = 2;
export const REC_BULK_VAR: i32 = 3;
export const REC_PARETO: i32 = 4;
export const REC_P_ABOVE: i32 = 5;
export const REC_WEIGHTS: i32 = 6;
export const MID_FUNCTIONS: i32 = 5;
/** drawTrial's answer: done, or the direct mid band is to be summed in TypeScript, then finishMid(). */
export const DONE: i32 = 0;
export const NEEDS_DIRECT_MID: i32 = 1;

export function heapBase(): usize {
  return __heap_base;
}

// ---- access ----
// @ts-ignore: decorator
@inline function f(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function setF(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}
// @ts-ignore: decorator
@inline function n32(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function set32(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

// ---- the stream: xoshiro128** keyed by (seed, trial), as prng.ts ----
// The generator writes its words into a buffer in a tight loop (its state in locals); draws read words[pos..)
// in order. Hot loops keep their read position in a local and call refill(n) before reading n words; how many
// words are generated ahead never changes which word a draw gets.
let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;
export let wordsU32: usize = 0;
export let wordCapacity: i32 = 0;
let pos: i32 = 0;
let filled: i32 = 0;

// @ts-ignore: decorator
@inline function mix32(x: u32): u32 {
  x ^= x >> 16;
  x *= 0x21f0aaad;
  x ^= x >> 15;
  x *= 0x735a2d97;
  return x ^ (x >> 15);
}

function reset(trial: f64): void {
  const seedBits = <u64>seed;
  const trialBits = <u64>trial;
  let k = mix32(<u32>seedBits ^ 0x9e3779b9);
  k = mix32(k ^ <u32>(seedBits >> 32));
  k = mix32(k ^ <u32>trialBits);
  k = mix32(k ^ <u32>(trialBits >> 32));
  s0 = mix32(k + 0x9e3779b9);
  s1 = mix32(k + 0x3c6ef372);
  s2 = mix32(k + 0xdaa66d2b);
  s3 = mix32(k + 0x78dde6e4);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
  trialKey = fmix64(fmix64(seedBits ^ 0x2545f4914f6cdd1d) ^ trialBits);
  pos = 0;
  filled = 0;
}

/** At least n unread words from pos on (n <= wordCapacity): generates the shortfall, first moving the unread
 *  words to the front when they would not fit. */
function refill(n: i32): void {
  const avail = filled - pos;
  if (avail >= n) return;
  if (filled + n - avail > wordCapacity) {
    memory.copy(wordsU32, wordsU32 + (<usize>pos << 2), <usize>avail << 2);
    pos = 0;
    filled = avail;
  }
  let a0 = s0;
  let a1 = s1;
  let a2 = s2;
  let a3 = s3;
  let at = wordsU32 + (<usize>filled << 2);
  const end = at + (<usize>(n - avail) << 2);
  for (; at < end; at += 4) {
    store<u32>(at, rotl<u32>(a1 * 5, 7) * 9);
    const t = a1 << 9;
    a2 ^= a0;
    a3 ^= a1;
    a1 ^= a2;
    a0 ^= a3;
    a2 ^= t;
    a3 = rotl<u32>(a3, 11);
  }
  filled += n - avail;
  s0 = a0;
  s1 = a1;
  s2 = a2;
  s3 = a3;
}

// Words shifted right by 3 or more are below 2^31: converted to f64 as signed (one instruction).
// @ts-ignore: decorator
@inline function word(p: i32): u32 {
  return load<u32>(wordsU32 + (<usize>p << 2));
}

/** The next word (cold paths; hot loops read the buffer with a local position). */
function next(): u32 {
  if (pos == filled) refill(1);
  return word(pos++);
}

/** Uniform in (0, 1) with 53 random bits from words a, b. */
// @ts-ignore: decorator
@inline function uniformOf(a: u32, b: u32): f64 {
  return (<f64><i32>(a >> 5) * 67108864.0 + <f64><i32>(b >> 6) + 0.5) / 9007199254740992.0;
}

function uniform(): f64 {
  refill(2);
  const u = uniformOf(word(pos), word(pos + 1));
  pos += 2;
  return u;
}

/** x with its sign bit set when bit 8 of w is (the ziggurat's sign): -x exactly, without a branch on a random
 *  bit (a mispredicted branch on every other draw cost more than the rest of the draw). */
// @ts-ignore: decorator
@inline function withSign(x: f64, w: u64): f64 {
  return reinterpret<f64>(reinterpret<u64>(x) ^ ((w & 256) << 55));
}

/** A normal from the next words (cold paths). */
function normal(): f64 {
  refill(2);
  const a = word(pos);
  const b = word(pos + 1);
  pos += 2;
  const i = <i32>(a & 255);
  const r = <f64><i32>(a >> 9) * 536870912.0 + <f64><i32>(b >> 3);
  if (r < f(normK, i)) return withSign(r * f(normW, i), a);
  return normalSlow(i, r, (a & 256) != 0);
}

/** n normals into out[from..from + n), read in place. */
function fillNormals(out: usize, from: i32, n: i32): void {
  refill(2 * n);
  let p = pos;
  const K = normK;
  const W = normW;
  for (let j = from; j < from + n; j++) {
    const a = word(p);
    const i = <i32>(a & 255);
    const r = <f64><i32>(a >> 9) * 536870912.0 + <f64><i32>(word(p + 1) >> 3);
    p += 2;
    if (r < f(K, i)) setF(out, j, withSign(r * f(W, i), a));
    else {
      pos = p;
      setF(out, j, normalSlow(i, r, (a & 256) != 0));
      refill(2 * (from + n - j - 1));
      p = pos;
    }
  }
  pos = p;
}

/** The rest of a normal whose first two words fell outside the layer's rectangle (about 1% of draws). */
function normalSlow(i: i32, r: f64, negative: bool): f64 {
  const R = 3.6541528853610088;
  for (;;) {
    if (i == 0) {
      // Tail beyond R (Marsaglia 1964): R + E1 / R, accepted when 2 E2 > (E1 / R)^2.
      for (;;) {
        const xx = -mathLog(uniform()) / R;
        const yy = -mathLog(uniform());
        if (yy + yy > xx * xx) return negative ? -(R + xx) : R + xx;
      }
    }
    const x = r * f(normW, i);
    if (f(normF, i) + uniform() * (f(normF, i - 1) - f(normF, i)) < mathExp(-0.5 * x * x)) return negative ? -x : x;
    const a = next();
    i = <i32>(a & 255);
    r = <f64><i32>(a >> 9) * 536870912.0 + <f64><i32>(next() >> 3);
    negative = (a & 256) != 0;
    if (r < f(normK, i)) {
      const y = r * f(normW, i);
      return negative ? -y : y;
    }
  }
  return unreachable();
}

/** An exponential from the next words (cold paths). */
function exponential(): f64 {
  const a = next();
  const i = <i32>(a & 255);
  const r = <f64><i32>(a >> 8) * 268435456.0 + <f64><i32>(next() >> 4);
  if (r < f(expK, i)) return r * f(expW, i);
  return exponentialSlow(i, r);
}

/** The rest of an exponential whose first two words fell outside the layer's rectangle. */
function exponentialSlow(i: i32, r: f64): f64 {
  for (;;) {
    // Tail beyond R: R plus a fresh exponential (memoryless).
    if (i == 0) return 7.69711747013105 + exponential();
    const x = r * f(expW, i);
    if (f(expF, i) + uniform() * (f(expF, i - 1) - f(expF, i)) < mathExp(-x)) return x;
    const a = next();
    i = <i32>(a & 255);
    r = <f64><i32>(a >> 8) * 268435456.0 + <f64><i32>(next() >> 4);
    if (r < f(expK, i)) return r * f(expW, i);
  }
  return unreachable();
}

// ---- arithmetic (fastMath.ts, normal.ts) ----
// @ts-ignore: decorator
@inline function expFast(x: f64): f64 {
  if (!(x > -700 && x < 700)) return mathExp(x);
  // t = 1.5 x 2^52 + k exactly: k is the low word of t's bits (no saturating float-to-int conversion).
  const t = x * 92.33248261689366 + 6755399441055744.0;
  const kd = t - 6755399441055744.0;
  const k = <i32>reinterpret<i64>(t);
  const r = x - kd * 0.01083042469326756 - kd * 2.9815858269852933e-12;
  const r2 = r * r;
  const p = 1 + r + r2 * (0.5 + r * 0.16666666666666666 + r2 * (0.041666666666666664 + r * 0.008333333333333333));
  return f(pow2, (k >> 6) + 1022) * (f(fraction, k & 63) * p);
}

/** expFast on both lanes (every lane in (-700, 700)): the same operations, so the same bits. Its constants are read
 *  from memory (storeExpConstants writes them), not written as literals: V8 rebuilt every vector literal at each
 *  use inside the person loop (three instructions each). The scale 2^(k >> 6) is built from t's bits (t = 1.5 x 2^52 + k
 *  exactly, so t's bits shifted right by 6 are a constant plus floor(k / 64)): the POW2 entry, without two table
 *  reads. */
// @ts-ignore: decorator
@inline function expFast2(x: v128, c: ExpConstants): v128 {
  const t = f64x2.add(f64x2.mul(x, c.invLn2), c.shift);
  const kd = f64x2.sub(t, c.shift);
  const k0 = i32x4.extract_lane(t, 0);
  const k1 = i32x4.extract_lane(t, 2);
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kd, c.ln2Hi)), f64x2.mul(kd, c.ln2Lo));
  const r2 = f64x2.mul(r, r);
  const inner = f64x2.add(c.c24, f64x2.mul(r, c.c120));
  const middle = f64x2.add(f64x2.add(c.half, f64x2.mul(r, c.c6)), f64x2.mul(r2, inner));
  const p = f64x2.add(f64x2.add(c.one, r), f64x2.mul(r2, middle));
  const fr = f64x2.replace_lane(f64x2.splat(f(fraction, k0 & 63)), 1, f(fraction, k1 & 63));
  const p2 = i64x2.shl(i64x2.add(i64x2.shr_u(t, 6), c.pow2Bias), 52);
  return f64x2.mul(p2, f64x2.mul(fr, p));
}

/** expFast2's constants, each on both lanes. */
@unmanaged
class ExpConstants {
  invLn2: v128;
  shift: v128;
  ln2Hi: v128;
  ln2Lo: v128;
  one: v128;
  half: v128;
  c6: v128;
  c24: v128;
  c120: v128;
  pow2Bias: v128; // 1023 - (bits of 1.5 x 2^52 >> 6), wrapping: ((t >> 6) + bias) << 52 = 2^(k >> 6)
}

export let expConstantsAt: usize = 0; // 10 x v128, written by storeExpConstants

function storeExpConstants(): void {
  const at = expConstantsAt;
  v128.store(at, f64x2.splat(92.33248261689366), 0);
  v128.store(at, f64x2.splat(6755399441055744.0), 16);
  v128.store(at, f64x2.splat(0.01083042469326756), 32);
  v128.store(at, f64x2.splat(2.9815858269852933e-12), 48);
  v128.store(at, f64x2.splat(1), 64);
  v128.store(at, f64x2.splat(0.5), 80);
  v128.store(at, f64x2.splat(0.16666666666666666), 96);
  v128.store(at, f64x2.splat(0.041666666666666664), 112);
  v128.store(at, f64x2.splat(0.008333333333333333), 128);
  v128.store(at, i64x2.splat(1023 - (0x4338000000000000 >> 6)), 144);
}

/** People drawn per refill of the word buffer (2 words each): wordCapacity must hold twice this. */
export const PERSON_BLOCK: i32 = 1024;
const P_LOW: f64 = 0.02425;
const P_HIGH: f64 = 1 - 0.02425;

// @ts-ignore: decorator
@inline function normInvCentral(p: f64): f64 {
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r + -2.759285104469687e2) * r + 1.38357751867269e2) * r +
      -3.066479806614716e1) *
      r +
      2.506628277459239) *
      q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r + -1.556989798598866e2) * r + 6.680131188771972e1) * r +
      -1.328068155288572e1) *
      r +
      1)
  );
}

function normInvTail(p: f64): f64 {
  const lower = p < P_LOW;
  const q = Math.sqrt(-2 * mathLog(lower ? p : 1 - p));
  const z =
    (((((-7.784894002430293e-3 * q + -3.223964580411365e-1) * q + -2.400758277161838) * q + -2.549732539343734) * q +
      4.374664141464968) *
      q +
      2.938163982698783) /
    ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  return lower ? z : -z;
}

function normInvFast(p: f64): f64 {
  return p >= P_LOW && p <= P_HIGH ? normInvCentral(p) : normInvTail(p);
}

/** costModel.ts quantileFromSurvival(dist of segment s, u, fast = true). */
function quantileFromSurvival(s: i32, u: f64): f64 {
  const sn = u / (1 - f(zeroProb, s));
  const tm = f(tailMass, s);
  if (sn <= tm) return f(splice, s) * mathPow(tm / sn, 1 / f(alpha, s));
  return mathExp(f(mu, s) - f(sigma, s) * normInvFast(sn));
}

// ---- one trial ----

/** Segment multiplier M_s = sum_l w_l F_l over the L weights at `w` (four partial sums). */
// @ts-ignore: decorator
@inline function multiplier(w: usize): f64 {
  const F = lineFactor;
  let m0 = 0.0;
  let m1 = 0.0;
  let m2 = 0.0;
  let m3 = 0.0;
  let l = 0;
  for (; l + 3 < L; l += 4) {
    const o = <usize>l << 3;
    m0 += load<f64>(w + o) * load<f64>(F + o);
    m1 += load<f64>(w + o, 8) * load<f64>(F + o, 8);
    m2 += load<f64>(w + o, 16) * load<f64>(F + o, 16);
    m3 += load<f64>(w + o, 24) * load<f64>(F + o, 24);
  }
  for (; l < L; l++) m0 += f(w, l) * f(F, l);
  return m0 + m1 + (m2 + m3);
}

function recordPatient(x: f64): void {
  if (recordPatients != 0 && patientCount < patientCapacity) setF(patients, patientCount++, x);
}

/** Draws trial `trial` into outSpend, outSpecific, outAbove, outScore (and attainment, lineFactor). Returns DONE,
 *  or NEEDS_DIRECT_MID: then segmentMultiplier holds every M_s, the caller adds the direct mid-band sums to
 *  midSum and calls finishMid(). */
export function drawTrial(trial: f64): i32 {
  reset(trial);
  storeExpConstants();
  patientCount = 0;
  const t0 = tariffSd > 0 ? 1 : 0;
  const attain = M > 0 ? 1 + M : 0;
  let uplift = 0.0;
  if (epidemic == 0) fillNormals(z, 0, t0 + L + attain);
  else {
    fillNormals(z, 0, t0 + L);
    const hit = uniform() < epidemicProbability;
    const size = epidemicMean + epidemicSd * normal();
    if (hit && size > 0) uplift = size;
    fillNormals(z, t0 + L, attain);
  }

  // Systematic shocks: F_l = exp(log tariff + sd_l e_l - sd_l^2 / 2) x (1 + uplift on affected lines), e = chol z.
  const tsd = tariffSd;
  const logTariff = tsd > 0 ? tsd * f(z, 0) - (tsd * tsd) / 2 : 0;
  // e_j = sum_{k <= j} chol_jk z_k, summed column by column (each e_j still adds its terms in k order, so the
  // sums are the row-by-row ones to the bit) from the transposed factor: no inner loop that ends at j.
  memory.fill(trend, 0, <usize>L << 3);
  for (let k = 0; k < L; k++) {
    const zk = f(z, t0 + k);
    const col = cholT + (<usize>(k * L) << 3);
    for (let j = k; j < L; j++) setF(trend, j, f(trend, j) + load<f64>(col + (<usize>j << 3)) * zk);
  }
  for (let j = 0; j < L; j++) {
    let v = expFast(logTariff + f(trendSd, j) * f(trend, j) - f(halfVar, j));
    if (uplift > 0 && n32(affectedI32, j) == 1) v *= 1 + uplift;
    setF(lineFactor, j, v);
  }

  // Outcome attainment.
  let score = 0.0;
  if (M > 0) {
    const z0 = f(z, t0 + L);
    for (let k = 0; k < M; k++) {
      const v = f(measureExpected, k) + attainmentSd * (attainA * z0 + attainB * f(z, t0 + L + 1 + k));
      const a = v < 0 ? 0 : v > 1 ? 1 : v;
      setF(attainment, k, a);
      score += f(measureWeights, k) * a;
    }
    score = min<f64>(1, max<f64>(0, score));
  }
  outSpend = 0;
  outSpecific = 0;
  outAbove = 0;
  outScore = score;
  let status = DONE;
  if (pooled == 0) for (let s = 0; s < S; s++) personLevel(s, multiplier(weights + (<usize>(s * L) << 3)));
  else status = pooledTrial();
  writeResult();
  return status;
}

function writeResult(): void {
  setF(result, 0, outSpend);
  setF(result, 1, outSpecific);
  setF(result, 2, outAbove);
  setF(result, 3, outScore);
}

// ---- the person level's draws: a counter-based stream per (seed, trial, segment) ----
// Word j of segment s in a trial is fmix64(segmentKey + j x GAMMA) (SplitMix64, Steele, Lea and Flood 2014):
// computed from its index, no state to step through, half the instructions per random bit of xoshiro128** in
// 32-bit words. Person i of the segment uses words 2i and 2i + 1; the rare extra draws of person i (the ziggurat's
// slow path, a normal below the body) come from the person's own stream, fmix64(personKey + j x GAMMA).
const GAMMA: u64 = 0x9e3779b97f4a7c15;

// @ts-ignore: decorator
@inline function fmix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

let trialKey: u64 = 0;
let extraKey: u64 = 0;
let extraIndex: u64 = 0;

// @ts-ignore: decorator
@inline function extraWord(): u64 {
  return fmix64(extraKey + ++extraIndex * GAMMA);
}

/** A uniform in (0, 1) with 53 bits, from the person's extra stream. */
function extraUniform(): f64 {
  return (<f64>(extraWord() >> 11) + 0.5) * 1.1102230246251565e-16;
}

/** A standard normal whose first word `w` fell outside its layer's rectangle: the wedge test, the tail, or fresh
 *  words, all from the person's extra stream (the algorithm of normalSlow). */
function normalSlow64(w: u64): f64 {
  let i = <i32>(w & 255);
  let negative = (w & 256) != 0;
  let r = <f64><i64>(w >> 12);
  const R = 3.6541528853610088;
  for (;;) {
    if (i == 0) {
      for (;;) {
        const xx = -mathLog(extraUniform()) / R;
        const yy = -mathLog(extraUniform());
        if (yy + yy > xx * xx) return negative ? -(R + xx) : R + xx;
      }
    }
    const x = r * f(normW, i);
    if (f(normF, i) + extraUniform() * (f(normF, i - 1) - f(normF, i)) < mathExp(-0.5 * x * x)) return negative ? -x : x;
    const v = extraWord();
    i = <i32>(v & 255);
    negative = (v & 256) != 0;
    r = <f64><i64>(v >> 12);
    if (r < f(normK, i)) {
      const y = r * f(normW, i);
      return negative ? -y : y;
    }
  }
  return unreachable();
}

/** A standard normal from one word: layer (8 bits), sign (1 bit), r (52 bits); the slow path from the extra
 *  stream. */
// @ts-ignore: decorator
@inline function normal64(w: u64): f64 {
  const i = <i32>(w & 255);
  const r = <f64><i64>(w >> 12);
  if (r < f(normK, i)) return withSign(r * f(normW, i), w);
  return normalSlow64(w);
}

/** A standard exponential from one word (layer 8 bits, r 52 bits); the slow path from the extra stream. */
function exponential64(w: u64): f64 {
  let i = <i32>(w & 255);
  let r = <f64><i64>(w >> 12);
  let base = 0.0;
  for (;;) {
    if (r < f(expK, i)) return base + r * f(expW, i);
    if (i == 0) base += 7.69711747013105; // beyond R: R plus a fresh exponential (memoryless)
    else {
      const x = r * f(expW, i);
      if (f(expF, i) + extraUniform() * (f(expF, i - 1) - f(expF, i)) < mathExp(-x)) return base + x;
    }
    const v = extraWord();
    i = <i32>(v & 255);
    r = <f64><i64>(v >> 12);
  }
  return unreachable();
}

// The segment being drawn, for onePerson.
let pZeroBelow: u64 = 0;
let pTailBelow: u64 = 0;
let pSplice: f64 = 0;
let pInvAlpha: f64 = 0;
let pMu: f64 = 0;
let pSigma: f64 = 0;
let pBodyLow: f64 = 0;

/** Person i of the segment (key): its cost x mult, 0 for no cost. */
function onePerson(key: u64, i: u64, mult: f64): f64 {
  const j = key + (2 * i + 1) * GAMMA;
  const d = fmix64(j) >> 32;
  if (d < pZeroBelow) return 0;
  const w = fmix64(j + GAMMA);
  extraKey = fmix64(key ^ ((i + 1) * 0xda942042e4dd58b5));
  extraIndex = 0;
  if (d < pTailBelow) return mult * (pSplice * expFast(exponential64(w) * pInvAlpha));
  let zz = normal64(w);
  while (!(zz > pBodyLow)) zz = normal64(extraWord());
  return mult * expFast(pMu - pSigma * zz);
}

/** Every person of segment s: zero, in the Pareto tail or in the lognormal body. Word 2i of person i decides by
 *  its top 32 bits against the segment's thresholds (probabilities to within 2^-33); a tail cost is
 *  splice exp(E / alpha), E exponential (the Pareto tail by inversion: (tau / sn)^(1/alpha) with sn uniform on
 *  (0, tau)); a body cost is exp(mu - sigma Z), Z a ziggurat normal conditioned on Z > bodyLow (the body's part of
 *  the lognormal): exact, no approximate inverse CDF. Zero costs need one word, the others two. */
function personLevel(s: i32, mult: f64): void {
  const key = fmix64(trialKey + <u64>(s + 1) * 0xd1b54a32d192ed03);
  const zeroBelow = <u64>f(zeroBelowU32Scaled, s);
  const tailBelow = <u64>f(tailBelowU32Scaled, s);
  const sp = f(splice, s);
  const ia = f(invAlpha, s);
  const m = f(mu, s);
  const sg = f(sigma, s);
  const zl = f(bodyLow, s);
  const n = <u64>f(people, s);
  pZeroBelow = zeroBelow;
  pTailBelow = tailBelow;
  pSplice = sp;
  pInvAlpha = ia;
  pMu = m;
  pSigma = sg;
  pBodyLow = zl;
  const A = attachment;
  const K = normK;
  const W = normW;
  let spend = 0.0;
  let i: u64 = 0;
  // Two people at a time: when both are in the body (or zero) with their normals on the ziggurat's fast path and
  // above bodyLow (about 95% of pairs), both costs come from one two-lane expFast (the same operations as the
  // scalar one, so the same bits) and a zero cost is multiplied by 0 (adding +0 leaves the sum unchanged): no
  // branch on the one in six people with no cost. Otherwise onePerson draws them one after the other.
  // The test is branch-free: "not in the tail" is one unsigned comparison (d - zeroBelow wraps round below
  // zeroBelow), the ziggurat and body tests are two-lane comparisons read by one bitmask, and expFast's range
  // check is made once per segment: a normal on the ziggurat's fast path is below R < 4 in absolute value, so
  // |mu - sigma z| < 700 for every person when |mu| + 4 sigma < 700 (else every person goes through onePerson,
  // which checks, and gives the same bits).
  const notTailFrom = tailBelow - zeroBelow;
  const fast = abs<f64>(m) + 4 * sg < 700;
  const mv = f64x2.splat(m);
  const sgv = f64x2.splat(sg);
  const zlv = f64x2.splat(zl);
  const multv = f64x2.splat(mult);
  const ec = changetype<ExpConstants>(expConstantsAt);
  if (fast)
    for (; i + 1 < n; i += 2) {
      const j = key + (2 * i + 1) * GAMMA;
      const dA = fmix64(j) >> 32;
      const wA = fmix64(j + GAMMA);
      const dB = fmix64(j + 2 * GAMMA) >> 32;
      const wB = fmix64(j + 3 * GAMMA);
      const lA = <i32>(wA & 255);
      const lB = <i32>(wB & 255);
      const rA = <f64><i64>(wA >> 12);
      const rB = <f64><i64>(wB >> 12);
      const zA = withSign(rA * f(W, lA), wA);
      const zB = withSign(rB * f(W, lB), wB);
      const zv = f64x2.replace_lane(f64x2.splat(zA), 1, zB);
      const rv = f64x2.replace_lane(f64x2.splat(rA), 1, rB);
      const onFastPath = f64x2.lt(rv, f64x2.replace_lane(f64x2.splat(f(K, lA)), 1, f(K, lB)));
      const inBody = f64x2.gt(zv, zlv);
      if (
        (u32(i64x2.bitmask(v128.and(onFastPath, inBody)) == 3) &
          u32(dA - zeroBelow >= notTailFrom) &
          u32(dB - zeroBelow >= notTailFrom)) !=
        0
      ) {
        // (mult x cost) x (0 or 1), lane by lane: the scalar products' bits.
        const nonZeroCost = f64x2.replace_lane(f64x2.splat(<f64>(dA >= zeroBelow)), 1, <f64>(dB >= zeroBelow));
        const cost = f64x2.mul(f64x2.mul(multv, expFast2(f64x2.sub(mv, f64x2.mul(sgv, zv)), ec)), nonZeroCost);
        const costA = f64x2.extract_lane(cost, 0);
        const costB = f64x2.extract_lane(cost, 1);
        spend += costA;
        if (costA > A) highCost(costA);
        spend += costB;
        if (costB > A) highCost(costB);
        continue;
      }
      const x = onePerson(key, i, mult);
      spend += x;
      if (x > A) highCost(x);
      const y = onePerson(key, i + 1, mult);
      spend += y;
      if (y > A) highCost(y);
    }
  for (; i + 1 < n; i += 2) {
    const x = onePerson(key, i, mult);
    spend += x;
    if (x > A) highCost(x);
    const y = onePerson(key, i + 1, mult);
    spend += y;
    if (y > A) highCost(y);
  }
  if (i < n) {
    const x = onePerson(key, i, mult);
    spend += x;
    if (x > A) highCost(x);
  }
  outSpend += spend;
}

// @ts-ignore: decorator
@inline function highCost(x: f64): void {
  const excess = x - attachment;
  if (excess > 0) {
    outAbove += 1;
    outSpecific += coinsurance * min<f64>(excess, limit);
    recordPatient(x);
  }
}

let useTaylor: bool = false;
let direct: bool = false;

/** The pooled fast method (pooled.ts): explicit tail, bulk, mid band. */
function pooledTrial(): i32 {
  const F = lineFactor;
  let maxDev = 0.0;
  let maxF = 0.0;
  for (let l = 0; l < L; l++) {
    const d = f(F, l) - 1;
    setF(h, l, d);
    maxDev = max<f64>(maxDev, abs<f64>(d));
    maxF = max<f64>(maxF, f(F, l));
  }
  useTaylor = hasMid != 0 && maxDev <= 0.25;
  // The mid band needs every segment directly: large shocks with the expansion, or shocks big enough to push
  // people below T above the attachment without it.
  direct = hasMid != 0 ? !useTaylor : maxF > midFreeUpTo;
  if (hasMid != 0 || direct) memory.fill(midSum, 0, MID_FUNCTIONS << 3);
  if (direct) memory.fill(explicitCountI32, 0, <usize>S << 2);

  // Explicit tail: H ~ Poisson(hit rate) by inversion of its tabulated CDF (guide table); each hit picks a segment
  // (alias table) and a person in it; a person hit twice is one explicit person.
  const u = uniform();
  let k = n32(hitGuideI32, <i32>Math.floor(u * <f64>guideLength));
  while (f(hitCdf, k) < u) k++;
  if (++tag == 0x7fffffff) {
    memory.fill(hitTagI32, 0, <usize>S << 2);
    tag = 1;
  }
  const Sf = <f64>S;
  const R = recStride;
  let explicit = 0;
  let meanAdj = 0.0;
  let varAdj = 0.0;
  let spend = 0.0;
  const recBase = rec;
  const aliasP = aliasProb;
  const aliasI = aliasIndexI32;
  const tags = hitTagI32;
  const keys = hitKey;
  const EKt = expK;
  const EWt = expW;
  // Per hit: a uniform (2 words), a person (1 word), an exponential (2 words).
  refill(5 * k + 2);
  let p = pos;
  for (let i = 0; i < k; i++) {
    if (p + 5 > filled) {
      pos = p;
      refill(5);
      p = pos;
    }
    const v = uniformOf(word(p), word(p + 1)) * Sf;
    const person = word(p + 2);
    p += 3;
    const j = <i32>Math.floor(v);
    const s = v - <f64>j < f(aliasP, j) ? j : n32(aliasI, j);
    const o = recBase + (<usize>(s * R) << 3);
    // Person index from 32 bits: uniform to within people / 2^32, and only used to recognise repeats.
    const key = <f64>s * 4294967296.0 + Math.floor((<f64>(<u64>person) * load<f64>(o)) / 4294967296.0);
    // A repeat is looked for only in a segment hit before in this trial (rare).
    if (n32(tags, s) == tag) {
      let repeat = false;
      for (let r = 0; r < explicit; r++)
        if (f(keys, r) == key) {
          repeat = true;
          break;
        }
      if (repeat) continue;
    } else set32(tags, s, tag);
    setF(keys, explicit++, key);
    const mult = multiplier(o + (<usize>REC_WEIGHTS << 3));
    let cost: f64;
    if (load<f64>(o, REC_PARETO << 3) == 1) {
      // Pareto tail above T: T exp(E / alpha), E a ziggurat exponential read in place.
      const a = word(p);
      const layer = <i32>(a & 255);
      const r = <f64><i32>(a >> 8) * 268435456.0 + <f64><i32>(word(p + 1) >> 4);
      p += 2;
      let e: f64;
      if (r < f(EKt, layer)) e = r * f(EWt, layer);
      else {
        pos = p;
        e = exponentialSlow(layer, r);
        p = pos;
      }
      cost = threshold * expFast(e * load<f64>(o, REC_INV_ALPHA << 3));
    } else {
      pos = p;
      cost = quantileFromSurvival(s, uniform() * load<f64>(o, REC_P_ABOVE << 3));
      p = pos;
    }
    const x = mult * cost;
    spend += x;
    if (x > attachment) highCost(x);
    meanAdj += load<f64>(o, REC_BULK_MEAN << 3) * mult;
    varAdj += load<f64>(o, REC_BULK_VAR << 3) * mult * mult;
    if (direct) set32(explicitCountI32, s, n32(explicitCountI32, s) + 1);
    else if (useTaylor) {
      const dm = mult - 1;
      for (let c = 0; c < MID_FUNCTIONS; c++) {
        const q = (s * MID_FUNCTIONS + c) * 3;
        setF(midSum, c, f(midSum, c) - (f(midSeg, q) + dm * (f(midSeg, q + 1) + dm * f(midSeg, q + 2))));
      }
    }
  }
  pos = p;
  outSpend += spend;
  z1 = normal();

  // Bulk: exact conditional mean and variance (symmetric form: lower triangle), Cornish-Fisher skewness.
  let mean = -meanAdj;
  let variance = -varAdj;
  for (let l = 0; l < L; l++) {
    const fl = f(F, l);
    mean += f(meanByLine, l) * fl;
    let row = 0.0;
    const o = l * L;
    for (let j = 0; j <= l; j++) row += f(varLower, o + j) * f(F, j);
    variance += fl * row;
  }
  if (variance < 0) variance = 0;
  bulkVariance = variance;
  const sd = Math.sqrt(variance);
  let bulk = mean;
  if (sd > 0) {
    const shock = mean / mean0;
    const gamma = (thirdCumulant * shock * shock * shock) / (variance * sd);
    bulk += sd * (z1 + (gamma / 6) * (z1 * z1 - 1));
  }
  if (bulk < 0) bulk = 0;
  outSpend += bulk;

  if (!useTaylor && !direct) return DONE;
  z2 = normal();
  if (useTaylor) {
    for (let c = 0; c < MID_FUNCTIONS; c++) {
      let acc = f(midF0, c);
      for (let l = 0; l < L; l++) {
        const hl = f(h, l);
        acc += f(midG1, c * L + l) * hl;
        let row = 0.0;
        const o = (c * L + l) * L;
        for (let j = 0; j < L; j++) row += f(midG2, o + j) * f(h, j);
        acc += hl * row;
      }
      setF(midSum, c, f(midSum, c) + acc);
    }
    finishMid();
    return DONE;
  }
  for (let s = 0; s < S; s++) setF(segmentMultiplier, s, multiplier(weights + (<usize>(s * L) << 3)));
  return NEEDS_DIRECT_MID;
}

/** JavaScript's Math.round (ties toward +Infinity), exactly. */
// @ts-ignore: decorator
@inline function round(x: f64): f64 {
  const r = Math.floor(x);
  return x - r >= 0.5 ? r + 1 : r;
}

/** The mid band's recovery and count from midSum (the bulk's normal z1 and a fresh normal z2). */
export function finishMid(): void {
  const variance = bulkVariance;
  const eg = max<f64>(0, f(midSum, 0));
  const vg = max<f64>(0, f(midSum, 1));
  const cov = f(midSum, 2);
  const rho = vg > 0 && variance > 0 ? max<f64>(-1, min<f64>(1, cov / Math.sqrt(vg * variance))) : 0;
  const zg = rho * z1 + Math.sqrt(1 - rho * rho) * z2;
  let recovery = eg + Math.sqrt(vg) * zg;
  if (recovery < 0) recovery = 0;
  outSpecific += recovery;
  // The count moves with the recovery (same normal): exact mean and variance; reporting only.
  const count = round(max<f64>(0, f(midSum, 3)) + Math.sqrt(max<f64>(0, f(midSum, 4))) * zg);
  if (count > 0) outAbove += count;
  writeResult();
}

/** The first n words of the stream of (seed, trial) into `out` (u32), for the test against TrialStream. */
export function streamWords(trial: f64, out: usize, n: i32): void {
  reset(trial);
  for (let i = 0; i < n; i++) store<u32>(out + (<usize>i << 2), next());
}
