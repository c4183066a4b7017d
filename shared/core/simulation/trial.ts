import { FRACTION, POW2 } from './fastMath.ts';
import type { SimulationModel } from './model.ts';
import { normInv } from './normal.ts';
import { MID_FUNCTIONS, midFunctions } from './pooled.ts';
import { KERNEL_WASM_BASE64 } from './wasm/kernelWasm.ts';
import { EXPONENTIAL_ZIGGURAT, NORMAL_ZIGGURAT } from './ziggurat.ts';

/* One Monte Carlo trial: systematic shocks, person-level costs, outcome attainment. The draws of trial i come only
 * from the stream keyed by (seed, i) (TrialStream in prng.ts), in a fixed order: tariff, line trend, epidemic,
 * attainment, then the costs.
 * The draw runs in WebAssembly (wasm/kernel.as.ts, AssemblyScript): this class lays the model out in the kernel's
 * linear memory once per chunk and reads each trial's result back. Every number is the one the TypeScript
 * kernel it replaces gave, to the bit (test/unit/simulation/kernel.test.ts draws trials both ways). */

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

// The WebAssembly API (a global of every JavaScript engine; typed here because the project's libs leave the DOM out).
interface WasmGlobal {
  value: number;
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
type KernelExports = Record<string, WasmGlobal> & {
  memory: WasmMemory;
  heapBase(): number;
  drawTrial(trial: number): number;
  finishMid(): void;
  streamWords(trial: number, out: number, n: number): void;
};
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;
/** The kernel's compiled module (a WebAssembly.Module), compiled once per thread (about a millisecond) unless
 *  another thread handed over its own (prepareKernel). */
export function kernelModule(): object {
  if (compiled === undefined) {
    const text = atob(KERNEL_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled = new WASM.Module(bytes);
  }
  return compiled;
}

/** Compiles the kernel now, not at the first chunk; or adopts `module`, kernelModule() of another thread (posted
 *  to this one): the threads then share one compiled module, so the engine optimises its hot functions once for
 *  all of them instead of once per thread. */
export function prepareKernel(module?: object): void {
  if (module !== undefined) compiled = module;
  kernelModule();
}

/** A fresh kernel instance (its own memory): Math's transcendental functions are the ones the kernel imports. */
export function kernelInstance(): KernelExports {
  const imports = { env: { log: Math.log, exp: Math.exp, pow: Math.pow } };
  return new WASM.Instance(kernelModule(), imports).exports as KernelExports;
}

const NEEDS_DIRECT_MID = 1;
/** People per refill of the kernel's word buffer (its PERSON_BLOCK). */
const PERSON_BLOCK = 1024;

/** Arrays of the kernel's memory, named as its pointer globals: float64 unless the name ends in I32 or U32. */
type Layout = Record<string, { length: number; data?: ArrayLike<number> }>;

export class TrialSampler {
  private readonly k: KernelExports;
  private readonly f64 = new Map<string, Float64Array>();
  private readonly i32 = new Map<string, Int32Array>();
  /** Where each array lives in the kernel's memory (views are taken again when the memory grows). */
  private readonly regions: [name: string, offset: number, length: number][] = [];
  private readonly midTmp = new Float64Array(4);
  private readonly midOut = new Float64Array(MID_FUNCTIONS);
  /** When set, the cost of every person drawn above the attachment is pushed here (tests compare with settle). */
  patients: number[] | null = null;
  private patientBuffer: Float64Array | null = null;
  private recording = false;
  /** The kernel's result of the last draw: spend, specific, people above the attachment, score. */
  private result: Float64Array = new Float64Array(4);

  constructor(readonly model: SimulationModel) {
    const m = model;
    const L = m.lines.length;
    const S = m.segments.length;
    const M = m.measureWeights.length;
    const p = m.pool;
    const segs = m.segments;
    // Each segment's distribution read once, field by field into typed arrays: the distribution objects do not
    // share one shape, so every property read is a slow (megamorphic) lookup; reading each once per segment, not
    // once per derived array, made the sampler's set-up (once per chunk) about 1.4 ms at 860 segments.
    const bySegment = {
      people: new Float64Array(S),
      nonZero: new Float64Array(S),
      invNonZero: new Float64Array(S),
      mu: new Float64Array(S),
      sigma: new Float64Array(S),
      tailMass: new Float64Array(S),
      splice: new Float64Array(S),
      invAlpha: new Float64Array(S),
      logTailMass: new Float64Array(S),
      zeroProb: new Float64Array(S),
      alpha: new Float64Array(S),
      zeroBelowU32Scaled: new Float64Array(S),
      tailBelowU32Scaled: new Float64Array(S),
      bodyLow: new Float64Array(S),
    };
    for (let s = 0; s < S; s++) {
      const d = segs[s]!.dist;
      const zeroProb = d.zeroProb;
      const tailMass = d.tailMass;
      const b = bySegment;
      b.people[s] = segs[s]!.people;
      b.nonZero[s] = 1 - zeroProb;
      b.invNonZero[s] = 1 / (1 - zeroProb);
      b.mu[s] = d.mu;
      b.sigma[s] = d.sigma;
      b.tailMass[s] = tailMass;
      b.splice[s] = d.splice;
      b.invAlpha[s] = 1 / d.alpha;
      b.logTailMass[s] = Math.log(tailMass);
      b.zeroProb[s] = zeroProb;
      b.alpha[s] = d.alpha;
      b.zeroBelowU32Scaled[s] = Math.round(zeroProb * 2 ** 32);
      b.tailBelowU32Scaled[s] = Math.round((zeroProb + (1 - zeroProb) * tailMass) * 2 ** 32);
      b.bodyLow[s] = tailMass > 0 ? normInv(tailMass) : Number.NEGATIVE_INFINITY;
    }
    const segmentArray = (data: Float64Array) => ({ length: S, data });
    const recStride = 6 + L;
    const rec = new Float64Array(p ? S * recStride : 0);
    if (p)
      segs.forEach((seg, s) => {
        const o = s * recStride;
        rec[o] = seg.people;
        rec[o + 1] = p.invAlpha[s]!;
        rec[o + 2] = p.bulkMean[s]!;
        rec[o + 3] = p.bulkVar[s]!;
        rec[o + 4] = p.paretoAbove[s]!;
        rec[o + 5] = p.pAbove[s]!;
        rec.set(seg.lineWeights, o + 6);
      });
    const weights = new Float64Array(S * L);
    segs.forEach((seg, s) => weights.set(seg.lineWeights, s * L));
    const varLower = new Float64Array(L * L);
    if (p)
      for (let l = 0; l < L; l++)
        for (let j = 0; j <= l; j++)
          varLower[l * L + j] = j === l ? p.varForm[l * L + j]! : 2 * p.varForm[l * L + j]!;
    const mid = p?.mid ?? null;
    const maxHits = p ? p.hitCdf.length : 0;
    // The stream's word buffer: a block of people, or every hit's words and the leading normals, with room.
    const wordCapacity = Math.max(4 * PERSON_BLOCK, 5 * maxHits + 2 * (L + M + 4)) + 64;
    const layout: Layout = {
      normK: { length: 256, data: NORMAL_ZIGGURAT.k },
      normW: { length: 256, data: NORMAL_ZIGGURAT.w },
      normF: { length: 256, data: NORMAL_ZIGGURAT.f },
      expK: { length: 256, data: EXPONENTIAL_ZIGGURAT.k },
      expW: { length: 256, data: EXPONENTIAL_ZIGGURAT.w },
      expF: { length: 256, data: EXPONENTIAL_ZIGGURAT.f },
      fraction: { length: FRACTION.length, data: FRACTION },
      pow2: { length: POW2.length, data: POW2 },
      cholT: {
        length: L * L,
        data: Array.from({ length: L * L }, (_, i) => m.trendChol[(i % L) * L + Math.floor(i / L)]!),
      },
      trendSd: { length: L, data: m.trendSd },
      halfVar: { length: L, data: Array.from(m.trendSd, (sd) => (sd * sd) / 2) },
      affectedI32: { length: L, data: m.epidemic?.affected ?? [] },
      measureWeights: { length: M, data: m.measureWeights },
      measureExpected: { length: M, data: m.measureExpected },
      weights: { length: S * L, data: weights },
      people: segmentArray(bySegment.people),
      nonZero: segmentArray(bySegment.nonZero),
      invNonZero: segmentArray(bySegment.invNonZero),
      mu: segmentArray(bySegment.mu),
      sigma: segmentArray(bySegment.sigma),
      tailMass: segmentArray(bySegment.tailMass),
      splice: segmentArray(bySegment.splice),
      invAlpha: segmentArray(bySegment.invAlpha),
      logTailMass: segmentArray(bySegment.logTailMass),
      zeroProb: segmentArray(bySegment.zeroProb),
      alpha: segmentArray(bySegment.alpha),
      zeroBelowU32Scaled: segmentArray(bySegment.zeroBelowU32Scaled),
      tailBelowU32Scaled: segmentArray(bySegment.tailBelowU32Scaled),
      bodyLow: segmentArray(bySegment.bodyLow),
      rec: { length: rec.length, data: rec },
      aliasProb: { length: p ? S : 0, data: p?.aliasProb ?? [] },
      aliasIndexI32: { length: p ? S : 0, data: p?.aliasIndex ?? [] },
      hitCdf: { length: maxHits, data: p?.hitCdf ?? [] },
      hitGuideI32: { length: p ? p.hitGuide.length : 0, data: p?.hitGuide ?? [] },
      meanByLine: { length: p ? L : 0, data: p?.meanByLine ?? [] },
      varLower: { length: varLower.length, data: varLower },
      midF0: { length: mid ? MID_FUNCTIONS : 0, data: mid?.f0 ?? [] },
      midG1: { length: mid ? mid.g1.length : 0, data: mid?.g1 ?? [] },
      midG2: { length: mid ? mid.G2.length : 0, data: mid?.G2 ?? [] },
      midSeg: { length: mid ? mid.seg.length : 0, data: mid?.seg ?? [] },
      z: { length: 2 + L + M },
      lineFactor: { length: L },
      trend: { length: L },
      h: { length: L },
      attainment: { length: M },
      hitKey: { length: maxHits },
      hitTagI32: { length: p ? S : 0 },
      explicitCountI32: { length: p ? S : 0 },
      midSum: { length: MID_FUNCTIONS },
      segmentMultiplier: { length: p ? S : 0 },
      patients: { length: 0 },
      expConstantsAt: { length: 20 },
      result: { length: 4 },
      wordsU32: { length: wordCapacity },
    };
    this.k = kernelInstance();
    this.place(layout);
    const k = this.k;
    const set = (name: string, value: number) => {
      const g = k[name];
      if (g === undefined) throw new Error(`simulation kernel has no global ${name}`);
      g.value = value;
    };
    set('L', L);
    set('S', S);
    set('M', M);
    set('seed', m.seed);
    set('pooled', p ? 1 : 0);
    set('tariffSd', m.tariffSd);
    set('epidemic', m.epidemic ? 1 : 0);
    set('epidemicProbability', m.epidemic?.probability ?? 0);
    set('epidemicMean', m.epidemic?.mean ?? 0);
    set('epidemicSd', m.epidemic?.sd ?? 0);
    set('attainmentSd', m.attainmentSd);
    set('attainA', Math.sqrt(m.attainmentCorrelation));
    set('attainB', Math.sqrt(1 - m.attainmentCorrelation));
    set('attachment', m.attachment);
    set('coinsurance', m.coinsurance);
    set('limit', m.limit);
    set('threshold', p?.threshold ?? 0);
    set('hasMid', mid ? 1 : 0);
    set('midFreeUpTo', p?.midFreeUpTo ?? 0);
    set('mean0', p?.mean0 ?? 0);
    set('thirdCumulant', p?.thirdCumulant ?? 0);
    set('guideLength', p?.hitGuide.length ?? 0);
    set('recStride', recStride);
    set('wordCapacity', wordCapacity);
  }

  /** Line multipliers F_l = tariff x trend_l x epidemic_l of the current trial. */
  get lineFactor(): Float64Array {
    return this.f64.get('lineFactor')!;
  }

  /** Attainment of each outcome measure in the current trial. */
  get attainment(): Float64Array {
    return this.f64.get('attainment')!;
  }

  /** Lays the arrays out above the kernel's heap base (8-byte aligned), grows its memory once, copies the data
   *  and points the kernel's globals at them. */
  private place(layout: Layout): void {
    const k = this.k;
    let at = (k.heapBase() + 7) & ~7;
    const offsets: [string, number, number][] = [];
    for (const [name, a] of Object.entries(layout)) {
      offsets.push([name, at, a.length]);
      at += ((/[IU]32$/.test(name) ? 4 : 8) * a.length + 7) & ~7;
    }
    const need = at - k.memory.buffer.byteLength;
    if (need > 0) k.memory.grow(Math.ceil(need / 65536));
    for (const [name, offset, length] of offsets) {
      k[name]!.value = offset;
      if (!name.endsWith('U32')) this.regions.push([name, offset, length]);
    }
    this.takeViews();
    for (const [name, a] of Object.entries(layout))
      if (a.data) (name.endsWith('I32') ? this.i32.get(name)! : this.f64.get(name)!).set(a.data);
  }

  /** Typed-array views of the kernel's arrays (again after its memory grows: growing detaches the old ones). */
  private takeViews(): void {
    const buffer = this.k.memory.buffer;
    for (const [name, offset, length] of this.regions)
      if (name.endsWith('I32')) this.i32.set(name, new Int32Array(buffer, offset, length));
      else this.f64.set(name, new Float64Array(buffer, offset, length));
    this.result = this.f64.get('result')!;
  }

  /** Fills `out` with trial `trial`. */
  draw(trial: number, out: TrialDraw): void {
    const k = this.k;
    const patients = this.patients;
    if (patients !== null) this.preparePatients();
    else if (this.recording) {
      k.recordPatients!.value = 0;
      this.recording = false;
    }
    if (k.drawTrial(trial) === NEEDS_DIRECT_MID) this.directMid();
    const r = this.result;
    out.spend = r[0]!;
    out.specific = r[1]!;
    out.patientsAboveAttachment = r[2]!;
    out.score = r[3]!;
    if (patients !== null) {
      const n = k.patientCount!.value;
      for (let i = 0; i < n; i++) patients.push(this.patientBuffer![i]!);
    }
  }

  /** The mid band summed segment by segment (shocks beyond the expansion's range): closed forms in TypeScript
   *  (pooled.ts midFunctions), at the multipliers the kernel left in segmentMultiplier. */
  private directMid(): void {
    const m = this.model;
    const p = m.pool!;
    const midSum = this.f64.get('midSum')!;
    const count = this.i32.get('explicitCountI32')!;
    const mult = this.f64.get('segmentMultiplier')!;
    const o = this.midOut;
    m.segments.forEach((seg, s) => {
      const nb = seg.people - count[s]!;
      if (nb <= 0) return;
      midFunctions(
        seg.dist,
        p.threshold,
        p.pAbove[s]!,
        p.bulkMean[s]!,
        m.attachment,
        m.coinsurance,
        m.limit,
        mult[s]!,
        this.midTmp,
        o,
        0,
      );
      for (let f = 0; f < MID_FUNCTIONS; f++) midSum[f]! += nb * o[f]!;
    });
    this.k.finishMid();
  }

  /** A buffer for the costs above the attachment of one trial: every person of the scenario at most. */
  private preparePatients(): void {
    const k = this.k;
    if (this.patientBuffer === null) {
      const capacity =
        this.model.segments.reduce((a, s) => a + s.people, 0) + (this.model.pool?.hitCdf.length ?? 0);
      const offset = (k.memory.buffer.byteLength + 7) & ~7;
      k.memory.grow(Math.ceil((capacity * 8 + 8) / 65536));
      this.takeViews();
      this.patientBuffer = new Float64Array(k.memory.buffer, offset, capacity);
      k.patients!.value = offset;
      k.patientCapacity!.value = capacity;
    }
    k.recordPatients!.value = 1;
    this.recording = true;
  }
}

/** The first n words of the kernel's stream for (seed, trial), for the test that it is TrialStream's. */
export function kernelStreamWords(seed: number, trial: number, n: number): Uint32Array {
  const k = kernelInstance();
  const at = (k.heapBase() + 7) & ~7;
  const buffer = at + ((4 * n + 7) & ~7);
  const need = buffer + 4 * n - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / 65536));
  k.wordsU32!.value = buffer;
  k.wordCapacity!.value = n;
  k.seed!.value = seed;
  k.streamWords(trial, at, n);
  return new Uint32Array(k.memory.buffer, at, n).slice();
}
