import type { SimulationModel } from './model.ts';
import { emptyTrialSettlement, settleTrial } from './settleTrial.ts';
import { type TrialDraw, TrialSampler } from './trial.ts';

/* Trials [from, to) of a run, as per-trial outcomes. Chunks of the same run merge exactly: each trial's numbers
 * depend on (seed, trial index) only, and the merge places them by index. */

export const FLAG_GAIN_CAP = 1;
export const FLAG_LOSS_CAP = 2;
export const FLAG_SPECIFIC = 4;
export const FLAG_AGGREGATE = 8;

/** Per-trial outcomes, index t = trial - from. Money GBP, positive = gain to the party. */
export interface TrialOutcomes {
  from: number;
  to: number;
  spend: Float64Array;
  specific: Float64Array;
  aggregate: Float64Array;
  provider: Float64Array;
  commissioner: Float64Array;
  reinvestment: Float64Array;
  earnedWithhold: Float64Array;
  patientsAboveAttachment: Float64Array;
  /** FLAG_* bits. */
  flags: Uint8Array;
}

export const OUTCOME_ARRAYS = [
  'spend',
  'specific',
  'aggregate',
  'provider',
  'commissioner',
  'reinvestment',
  'earnedWithhold',
  'patientsAboveAttachment',
] as const;

export function allocateOutcomes(from: number, to: number): TrialOutcomes {
  const n = to - from;
  return {
    from,
    to,
    spend: new Float64Array(n),
    specific: new Float64Array(n),
    aggregate: new Float64Array(n),
    provider: new Float64Array(n),
    commissioner: new Float64Array(n),
    reinvestment: new Float64Array(n),
    earnedWithhold: new Float64Array(n),
    patientsAboveAttachment: new Float64Array(n),
    flags: new Uint8Array(n),
  };
}

/** What a caller running many chunks of one model may reuse between them: the sampler (its kernel instance and
 *  the model laid out in its memory, ~2 ms to build) and the arrays the outcomes are written to (e.g. views of
 *  the whole run's arrays, so nothing is copied afterwards). A trial's numbers depend only on (seed, trial), so
 *  reusing a sampler changes none of them. */
export interface ChunkReuse {
  sampler?: TrialSampler;
  /** Arrays of length to - from, index t = trial - from. */
  out?: TrialOutcomes;
}

/** Runs trials [from, to). `onProgress(done)`, with the trials finished so far, is called after every trial (a
 *  person-level trial is one call into the WebAssembly kernel): the core has no clock, so it lets its caller
 *  report on its own (functions/simulations/worker.ts, every ~100 ms). */
export function runChunk(
  model: SimulationModel,
  from: number,
  to: number,
  onProgress?: (done: number) => void,
  reuse: ChunkReuse = {},
): TrialOutcomes {
  const out = reuse.out ?? allocateOutcomes(from, to);
  if (out.flags.length !== to - from) throw new Error(`outcome arrays do not fit chunk [${from}, ${to})`);
  if (reuse.sampler !== undefined && reuse.sampler.model !== model)
    throw new Error('the sampler was built for another model');
  const sampler = reuse.sampler ?? new TrialSampler(model);
  const draw: TrialDraw = { spend: 0, specific: 0, patientsAboveAttachment: 0, score: 0 };
  const st = emptyTrialSettlement();
  let done = 0;
  for (let i = from; i < to; i++) {
    sampler.draw(i, draw);
    settleTrial(model.ctx, draw.spend, draw.specific, draw.score, st);
    const t = i - from;
    out.spend[t] = st.spend;
    out.specific[t] = st.specific;
    out.aggregate[t] = st.aggregate;
    out.provider[t] = st.provider;
    out.commissioner[t] = st.commissioner;
    out.reinvestment[t] = st.reinvestment;
    out.earnedWithhold[t] = st.earnedWithhold;
    out.patientsAboveAttachment[t] = draw.patientsAboveAttachment;
    out.flags[t] =
      (st.gainCapBinding ? FLAG_GAIN_CAP : 0) |
      (st.lossCapBinding ? FLAG_LOSS_CAP : 0) |
      (st.specific > 0 ? FLAG_SPECIFIC : 0) |
      (st.aggregate > 0 ? FLAG_AGGREGATE : 0);
    done = t + 1;
    onProgress?.(done);
  }
  return out;
}

/** Copies a chunk into the outcomes of the whole run at its trial indices; `covered` marks the trials placed so
 *  far (a trial placed twice throws). */
export function placeChunk(all: TrialOutcomes, chunk: TrialOutcomes, covered: Uint8Array): void {
  const c = chunk;
  if (c.from < all.from || c.to > all.to || c.from > c.to)
    throw new Error(`chunk [${c.from}, ${c.to}) out of range`);
  for (let i = c.from; i < c.to; i++) {
    if (covered[i - all.from]) throw new Error(`trial ${i} appears in two chunks`);
    covered[i - all.from] = 1;
  }
  for (const k of OUTCOME_ARRAYS) all[k].set(c[k], c.from - all.from);
  all.flags.set(c.flags, c.from - all.from);
}

/** Throws unless every trial has been placed. */
export function checkCovered(all: TrialOutcomes, covered: Uint8Array): void {
  const missing = covered.indexOf(0);
  if (missing >= 0) throw new Error(`trial ${all.from + missing} is in no chunk`);
}

/** Places chunks by trial index into one set of outcomes for trials [0, trials). Throws unless the chunks cover
 *  every trial exactly once. */
export function mergeOutcomes(trials: number, chunks: readonly TrialOutcomes[]): TrialOutcomes {
  const all = allocateOutcomes(0, trials);
  const covered = new Uint8Array(trials);
  for (const c of chunks) placeChunk(all, c, covered);
  checkCovered(all, covered);
  return all;
}
