import {
  type DistributionSummary,
  OUTCOME_ARRAYS,
  type OutcomeMeans,
  type SimulationModel,
  type SimulationResult,
  type TrialOutcomes,
  allocateOutcomes,
  checkCovered,
  placeChunk,
  resultOf,
} from '../../shared/core/simulation/index.ts';

/** The outcomes of trials [0, trials) in one SharedArrayBuffer: worker threads write their chunks straight into
 *  it and read it for the summaries, so no outcome is copied between threads. */
function sharedOutcomes(trials: number): TrialOutcomes {
  const buffer = new SharedArrayBuffer(trials * (OUTCOME_ARRAYS.length * 8 + 1));
  const out = { from: 0, to: trials } as TrialOutcomes;
  OUTCOME_ARRAYS.forEach((k, i) => {
    out[k] = new Float64Array(buffer, i * trials * 8, trials);
  });
  out.flags = new Uint8Array(buffer, OUTCOME_ARRAYS.length * trials * 8, trials);
  return out;
}

/** The exact merge both runtimes use (the local pool and the Step Functions merge): chunks are placed by trial
 *  index as they arrive (and can then be dropped), a trial placed twice throws, and the result is computed only
 *  once every trial of [0, trials) is in. So the result is the same bytes however the run was cut or ordered.
 *  `shared`: the arrays live in shared memory (the local pool's workers write into them, and `written` records
 *  what they wrote). */
export class OutcomeMerge {
  readonly #all: TrialOutcomes;
  readonly #covered: Uint8Array;
  #placed = 0;

  constructor(
    readonly trials: number,
    shared = false,
  ) {
    this.#all = shared ? sharedOutcomes(trials) : allocateOutcomes(0, trials);
    this.#covered = new Uint8Array(trials);
  }

  add(chunk: TrialOutcomes): void {
    placeChunk(this.#all, chunk, this.#covered);
    this.#placed += chunk.to - chunk.from;
  }

  /** The arrays themselves, for the threads that write into them (a shared merge). */
  get arrays(): TrialOutcomes {
    return this.#all;
  }

  /** Records that trials [from, to) were written into `arrays` by another thread; a trial written twice throws. */
  written(from: number, to: number): void {
    if (from < 0 || to > this.trials || from > to) throw new Error(`chunk [${from}, ${to}) out of range`);
    const chunk = this.#covered.subarray(from, to);
    const twice = chunk.indexOf(1);
    if (twice >= 0) throw new Error(`trial ${from + twice} appears in two chunks`);
    chunk.fill(1);
    this.#placed += to - from;
  }

  /** Trials placed so far. */
  get placed(): number {
    return this.#placed;
  }

  /** The outcomes of every trial; throws unless every trial was placed. */
  outcomes(): TrialOutcomes {
    checkCovered(this.#all, this.#covered);
    return this.#all;
  }

  /** The statistics of the whole run; throws unless every trial was placed. `summaries` and `means`:
   *  runSummaryJob's answers for summaryJobs(model, outcomes()) and outcomeMeans(outcomes()), when computed
   *  elsewhere (the pool's workers). */
  result(
    scenarioName: string,
    model: SimulationModel,
    summaries?: DistributionSummary[][],
    means?: OutcomeMeans,
  ): SimulationResult {
    return resultOf(scenarioName, model, this.outcomes(), summaries, means);
  }
}
