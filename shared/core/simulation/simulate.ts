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
import { type SimulationModel, buildModel } from './model.ts';
import { type SimulationOptionsInput, parseSimulationOptions } from './options.ts';
import type { PartyResult, SimulationResult } from './resultTypes.ts';
import { type Estimate, orderStatistics, proportion, summarize, summaryRanks } from './stats.ts';
import { calculate } from '../engine/index.ts';

/* Monte Carlo risk of a capitated contract year (capitation-method.md B11). Pure: the worker pool in
 * functions/simulations runs
 * runChunk in parallel and calls resultOf on the merged outcomes; simulate() does the same in one thread. */

function meanEstimate(values: Float64Array): Estimate {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return { value: mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}

function flagShare(flags: Uint8Array, mask: number): Estimate {
  let hits = 0;
  for (let i = 0; i < flags.length; i++) if ((flags[i]! & mask) !== 0) hits++;
  return proportion(hits, flags.length);
}

/** The result of a run from the outcomes of all its trials (trial index order). */
export function resultOf(scenarioName: string, model: SimulationModel, o: TrialOutcomes): SimulationResult {
  const n = o.to - o.from;
  const bins = model.histogramBins;
  // Members' outcomes are theta_k x the providers' (theta_k >= 0, memberShare): the providers' order statistics,
  // scaled, are theirs (rounding is monotone), so they are selected once.
  const providerRanks = orderStatistics(o.provider, summaryRanks(n));
  const parties: PartyResult[] = [
    { party: 'commissioner', kind: 'commissioner', ...summarize(o.commissioner, bins) },
    { party: 'pacs', kind: 'pacs', ...summarize(o.provider, bins, 1, providerRanks) },
  ];
  model.ctx.members.forEach((m, k) => {
    const w = model.memberWeights[k]!;
    parties.push({
      party: m.provider,
      kind: 'member',
      weight: w,
      ...summarize(o.provider, bins, w, providerRanks),
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
    spend: summarize(o.spend, bins),
    probabilities: {
      gainCapBinds: flagShare(o.flags, FLAG_GAIN_CAP),
      lossCapBinds: flagShare(o.flags, FLAG_LOSS_CAP),
      anyStopLoss: flagShare(o.flags, FLAG_SPECIFIC | FLAG_AGGREGATE),
      specificStopLoss: flagShare(o.flags, FLAG_SPECIFIC),
      aggregateStopLoss: flagShare(o.flags, FLAG_AGGREGATE),
    },
    means: {
      specificRecovery: meanEstimate(o.specific),
      aggregateRecovery: meanEstimate(o.aggregate),
      patientsAboveAttachment: meanEstimate(o.patientsAboveAttachment),
      earnedWithhold: meanEstimate(o.earnedWithhold),
      reinvestment: meanEstimate(o.reinvestment),
    },
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
