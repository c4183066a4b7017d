import {
  type DistributionSummary,
  type SimulationModel,
  type SimulationResult,
  type TrialOutcomes,
  allocateOutcomes,
  checkCovered,
  placeChunk,
  resultOf,
} from '../../shared/core/simulation/index.ts';

/** The exact merge both runtimes use (the local pool and the Step Functions merge): chunks are placed by trial
 *  index as they arrive (and can then be dropped), a trial placed twice throws, and the result is computed only
 *  once every trial of [0, trials) is in. So the result is the same bytes however the run was cut or ordered. */
export class OutcomeMerge {
  readonly #all: TrialOutcomes;
  readonly #covered: Uint8Array;
  #placed = 0;

  constructor(readonly trials: number) {
    this.#all = allocateOutcomes(0, trials);
    this.#covered = new Uint8Array(trials);
  }

  add(chunk: TrialOutcomes): void {
    placeChunk(this.#all, chunk, this.#covered);
    this.#placed += chunk.to - chunk.from;
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

  /** The statistics of the whole run; throws unless every trial was placed. `summaries`: runSummaryJob's answers
   *  for summaryJobs(model, outcomes()), when computed elsewhere (the pool's workers). */
  result(
    scenarioName: string,
    model: SimulationModel,
    summaries?: DistributionSummary[][],
  ): SimulationResult {
    return resultOf(scenarioName, model, this.outcomes(), summaries);
  }
}
