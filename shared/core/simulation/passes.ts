/* The statistics' passes over every outcome (stats.ts, simulate.ts), one loop per function, answers through a
 * small Float64Array. Why so: a run's statistics are computed once, in a fresh worker, so their loops start cold.
 * A loop inside a larger function is compiled on the stack (OSR) with no feedback yet for the code after it; that
 * code then deoptimises the function on its first run, the next loop starts again in the interpreter, and every
 * call pays it again (seen with --trace-deopt: each summary compiled and deoptimised two or three times). A
 * function that is only its loop is compiled once with everything it runs and stays optimised for the next call;
 * primeStatisticsPasses() runs each on empty input first, so the code after each loop has feedback before the
 * first real call. Each loop does what the code it came from did, in the same order: the same numbers. */

/** out[0] = sum of theta x[i] in index order, out[1] = how many theta x[i] are below 0 (counted without a branch:
 *  a loss is a coin toss the processor cannot predict). */
export function sumAndLosses(x: Float64Array, theta: number, out: Float64Array): void {
  const n = x.length;
  let sum = 0;
  let losses = 0;
  for (let i = 0; i < n; i++) {
    const v = theta * x[i]!;
    sum += v;
    losses += +(v < 0);
  }
  out[0] = sum;
  out[1] = losses;
}

/** Over v = theta x[i] in index order: out[0] = sum of (v - mean)^2, out[1] = sum of (v - mean)^4, out[2] and
 *  out[3] = sum and count of v < t95, out[4] and out[5] = sum and count of v < t99 (t99 <= t95); the values below
 *  t95 copied to `tail` in order. */
export function momentsAndTails(
  x: Float64Array,
  theta: number,
  mean: number,
  t95: number,
  t99: number,
  tail: Float64Array,
  out: Float64Array,
): void {
  const n = x.length;
  let m2 = 0;
  let m4 = 0;
  let sum95 = 0;
  let below95 = 0;
  let sum99 = 0;
  let below99 = 0;
  for (let i = 0; i < n; i++) {
    const v = theta * x[i]!;
    const d = v - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
    if (v < t95) {
      tail[below95] = v;
      sum95 += v;
      below95++;
      if (v < t99) {
        sum99 += v;
        below99++;
      }
    }
  }
  out[0] = m2;
  out[1] = m4;
  out[2] = sum95;
  out[3] = below95;
  out[4] = sum99;
  out[5] = below99;
}

/** counts[b]++ for the bin b = floor((v - lo) / width) of every v = theta x[i], clamped to [0, bins - 1] with
 *  bins = counts.length - 1 (for q = (v - lo) / width >= 0 the floor is the truncation q | 0; a NaN counts in
 *  counts[bins], read by no one). A loop of its own, not part of momentsAndTails: two small loops are compiled
 *  sooner than one large one, which matters in a fresh worker. */
export function histogramCounts(
  x: Float64Array,
  theta: number,
  lo: number,
  width: number,
  counts: Int32Array,
): void {
  const n = x.length;
  const bins = counts.length - 1;
  const top = bins - 1;
  for (let i = 0; i < n; i++) {
    const q = (theta * x[i]! - lo) / width;
    counts[q >= 0 ? (q < bins ? q | 0 : top) : q < 0 ? 0 : bins]!++;
  }
}

/** Over the first k values v of `tail` in order: out[0] = sum of (-v - tvar95)^2, out[1] = the same of
 *  (-v - tvar99)^2 over those below t99. */
export function tailSpread(
  tail: Float64Array,
  k: number,
  t99: number,
  tvar95: number,
  tvar99: number,
  out: Float64Array,
): void {
  let ss95 = 0;
  let ss99 = 0;
  for (let j = 0; j < k; j++) {
    const v = tail[j]!;
    const d = -v - tvar95;
    ss95 += d * d;
    if (v < t99) {
      const e = -v - tvar99;
      ss99 += e * e;
    }
  }
  out[0] = ss95;
  out[1] = ss99;
}

/** sample[j] = values[j x step] for every j of the sample. */
export function takeSample(values: Float64Array, step: number, sample: Float64Array): void {
  const m = sample.length;
  for (let j = 0; j < m; j++) sample[j] = values[j * step]!;
}

/** counts[b]++ for the bin b = floor((v - lo) x scale) of every value, clamped to [0, counts.length - 1]; the
 *  number of NaNs (which have no bin). */
export function binCounts(values: Float64Array, lo: number, scale: number, counts: Int32Array): number {
  const n = values.length;
  const top = counts.length - 1;
  let nan = 0;
  for (let i = 0; i < n; i++) {
    const x = (values[i]! - lo) * scale;
    if (x >= 0) counts[x < top ? x | 0 : top]!++;
    else if (x < 0) counts[0]!++;
    else nan++;
  }
  return nan;
}

/** Copies each value whose bin (as binCounts) has a slot (slotOf[bin] >= 0) to picked[fill[slot]++], in order. */
export function pickBins(
  values: Float64Array,
  lo: number,
  scale: number,
  slotOf: Int32Array,
  fill: Int32Array,
  picked: Float64Array,
): void {
  const n = values.length;
  const top = slotOf.length - 1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const x = (v - lo) * scale;
    const slot = slotOf[x >= 0 ? (x < top ? x | 0 : top) : 0]!;
    if (slot >= 0) picked[fill[slot]!++] = v;
  }
}

/** Sum of the values in index order. */
export function sumOf(values: Float64Array): number {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  return s;
}

/** Sum of (v - mean) ** 2 over the values in index order. */
export function squaredDeviations(values: Float64Array, mean: number): number {
  const n = values.length;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return ss;
}

/** byValue[b]++ for every byte b. */
export function byteCounts(bytes: Uint8Array, byValue: Float64Array): void {
  const n = bytes.length;
  for (let i = 0; i < n; i++) byValue[bytes[i]!]!++;
}

/** Calls before the engine records a function's feedback (V8 allocates it lazily, after about 8 calls). */
export const PRIMING_CALLS = 12;

/** Runs every pass on empty input, enough times for the engine to record what the code after each loop does (see
 *  the file's comment). */
export function primeStatisticsPasses(): void {
  const none = new Float64Array(0);
  const out = new Float64Array(6);
  const counts = new Int32Array(2);
  const slots = new Int32Array(1);
  const bytes = new Uint8Array(0);
  const byValue = new Float64Array(256);
  for (let k = 0; k < PRIMING_CALLS; k++) {
    sumAndLosses(none, 1, out);
    momentsAndTails(none, 1, 0, 0, 0, none, out);
    histogramCounts(none, 1, 0, 1, counts);
    tailSpread(none, 0, 0, 0, 0, out);
    takeSample(none, 1, none);
    binCounts(none, 0, 1, counts);
    pickBins(none, 0, 1, slots, slots, none);
    sumOf(none);
    squaredDeviations(none, 0);
    byteCounts(bytes, byValue);
  }
}
