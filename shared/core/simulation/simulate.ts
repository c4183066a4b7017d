import type { Scenario } from '../scenario/index.ts';
import {
  FLAG_AGGREGATE,
  FLAG_GAIN_CAP,
  FLAG_LOSS_CAP,
  FLAG_SPECIFIC,
  type TrialOutcomes,
  mergeOutcomes,
  runChunk,
} from './chunk.ts';
import { cvOf } from './costModel.ts';
import { byteCounts, squaredDeviations, sumOf } from './passes.ts';
import { type SimulationModel, buildModel } from './model.ts';
import { type SimulationOptionsInput, parseSimulationOptions } from './options.ts';
import type { PartyResult, SimulationResult } from './resultTypes.ts';
import {
  type DistributionSummary,
  type Estimate,
  orderStatistics,
  proportion,
  summarize,
  summaryRanks,
} from './stats.ts';
import { calculate } from '../engine/index.ts';

/* Monte Carlo risk of a capitated contract year (capitation-method.md B11). Pure: the worker pool in
 * functions/simulations runs
 * runChunk in parallel and calls resultOf on the merged outcomes; simulate() does the same in one thread. */

function meanEstimate(values: Float64Array): Estimate {
  const n = values.length;
  const mean = sumOf(values) / n;
  const ss = squaredDeviations(values, mean);
  return { value: mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}

/** What a result reports besides the distributions: the probabilities of the flags (how often a cap or a
 *  stop-loss bound) and the mean recoveries, withhold and reinvestment, with their standard errors. */
export type OutcomeMeans = Pick<SimulationResult, 'probabilities' | 'means'>;

/** The run's OutcomeMeans: one pass counting each flag byte's value (each probability's hits are exact sums of
 *  those counts) and a meanEstimate per array. A job like the summaries (the worker pool runs it on a worker). */
export function outcomeMeans(o: TrialOutcomes): OutcomeMeans {
  const flags = o.flags;
  const byValue = new Float64Array(256);
  byteCounts(flags, byValue);
  const share = (mask: number) => {
    let hits = 0;
    for (let v = 0; v < 256; v++) if ((v & mask) !== 0) hits += byValue[v]!;
    return proportion(hits, flags.length);
  };
  return {
    probabilities: {
      gainCapBinds: share(FLAG_GAIN_CAP),
      lossCapBinds: share(FLAG_LOSS_CAP),
      anyStopLoss: share(FLAG_SPECIFIC | FLAG_AGGREGATE),
      specificStopLoss: share(FLAG_SPECIFIC),
      aggregateStopLoss: share(FLAG_AGGREGATE),
    },
    means: {
      specificRecovery: meanEstimate(o.specific),
      aggregateRecovery: meanEstimate(o.aggregate),
      patientsAboveAttachment: meanEstimate(o.patientsAboveAttachment),
      earnedWithhold: meanEstimate(o.earnedWithhold),
      reinvestment: meanEstimate(o.reinvestment),
    },
  };
}

/** The distributions a result summarises, as jobs that can run anywhere (the worker pool spreads them over its
 *  threads): the commissioner's outcomes, the providers' scaled by 1 (the PACS) and by each member's theta_k, and
 *  the spend. */
export interface SummaryJob {
  name: 'commissioner' | 'providers' | 'spend';
  values: Float64Array;
  scales: number[];
}

export function summaryJobs(model: SimulationModel, o: TrialOutcomes): SummaryJob[] {
  return [
    { name: 'providers', values: o.provider, scales: [1, ...model.memberWeights] },
    { name: 'commissioner', values: o.commissioner, scales: [1] },
    { name: 'spend', values: o.spend, scales: [1] },
  ];
}

/** A job's summaries, one per scale. Members' outcomes are theta_k x the providers' (theta_k >= 0, memberShare):
 *  the providers' order statistics, scaled, are theirs (rounding is monotone), so they are selected once. */
export function runSummaryJob(
  values: Float64Array,
  bins: number,
  scales: readonly number[],
): DistributionSummary[] {
  const ranked = orderStatistics(values, summaryRanks(values.length));
  return scales.map((scale) => summarize(values, bins, scale, ranked));
}

/** The result of a run from the outcomes of all its trials (trial index order). `summaries` and `means`, when
 *  given, are runSummaryJob's answers for summaryJobs(model, o), in that order, and outcomeMeans(o) (computed
 *  elsewhere). */
export function resultOf(
  scenarioName: string,
  model: SimulationModel,
  o: TrialOutcomes,
  summaries: DistributionSummary[][] = summaryJobs(model, o).map((j) =>
    runSummaryJob(j.values, model.histogramBins, j.scales),
  ),
  means: OutcomeMeans = outcomeMeans(o),
): SimulationResult {
  const n = o.to - o.from;
  const [providers, commissioner, spend] = summaries as [
    DistributionSummary[],
    [DistributionSummary],
    [DistributionSummary],
  ];
  const parties: PartyResult[] = [
    { party: 'commissioner', kind: 'commissioner', ...commissioner[0] },
    { party: 'pacs', kind: 'pacs', ...providers[0]! },
  ];
  model.ctx.members.forEach((m, k) => {
    parties.push({
      party: m.provider,
      kind: 'member',
      weight: model.memberWeights[k]!,
      ...providers[k + 1]!,
    });
  });
  return {
    scenario: scenarioName,
    year: model.year,
    method: model.method,
    trials: n,
    seed: model.seed,
    benchmark: model.ctx.benchmark,
    personYears: model.ctx.personYears,
    expectedSpend: model.expectedSpend,
    parties,
    spend: spend[0],
    probabilities: means.probabilities,
    means: means.means,
    segments: model.segments.map((s) => ({
      segment: s.id,
      people: s.people,
      mean: s.mean,
      cv: cvOf(s.dist),
    })),
    fast:
      model.pool === null
        ? null
        : {
            explicitThreshold: model.pool.threshold,
            expectedExplicit: model.pool.expectedExplicit,
            midBand: model.pool.mid !== null,
          },
  };
}

/** Splits [0, trials) into contiguous chunks of at most `size` trials. */
export function chunkRanges(trials: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < trials; from += size) out.push([from, Math.min(trials, from + size)]);
  return out;
}

/** Runs a whole simulation in the calling thread. `chunkSize` only changes how the work is cut (the result is
 *  identical for every value). */
export function simulate(
  scenario: Scenario,
  input: SimulationOptionsInput = {},
  chunkSize = 100_000,
): SimulationResult {
  const options = parseSimulationOptions(input);
  const model = buildModel(scenario, options, calculate(scenario));
  const chunks = chunkRanges(options.trials, chunkSize).map(([a, b]) => runChunk(model, a, b));
  return resultOf(scenario.name, model, mergeOutcomes(options.trials, chunks));
}
