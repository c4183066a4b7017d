import type { CalculationResult } from '../engine/index.ts';
import { DomainError } from '../base/index.ts';
import { type Scenario, checkYear } from '../scenario/index.ts';
import { prepareSettlement } from '../settlement/index.ts';
import type { SettlementContext } from '../settlement/index.ts';
import { type CostShape, shapeForCv, withMean } from './costModel.ts';
import type { SimulationOptions } from './options.ts';
import { type PooledModel, buildPool } from './pooled.ts';
import type { SegmentModel } from './segmentModel.ts';

export type { SegmentModel } from './segmentModel.ts';

/* Everything a trial needs, computed once per run from the scenario and the options: no trial looks at the
 * scenario again. The model is plain data (numbers, arrays, the settlement context) so a worker can rebuild it
 * from the same scenario and options and get the same numbers. */

export interface SimulationModel {
  seed: number;
  year: number;
  method: 'fast' | 'person';
  ctx: SettlementContext;
  /** Member weights theta_k of the providers' result (sum 1), in ctx.members order. */
  memberWeights: number[];
  segments: SegmentModel[];
  /** The pooled fast method's precomputed sums (null: every person is drawn). */
  pool: PooledModel | null;
  /** In-scope lines (ids) that the shocks apply to. */
  lines: string[];
  /** Lower-triangular Cholesky factor of the line-shock correlation (row-major L x L) and log-sds per line. */
  trendChol: Float64Array;
  trendSd: Float64Array;
  tariffSd: number;
  epidemic: { probability: number; mean: number; sd: number; affected: Uint8Array } | null;
  /** Outcome measures: weight, expected attainment; attainment uncertainty. */
  measureWeights: Float64Array;
  measureExpected: Float64Array;
  attainmentSd: number;
  attainmentCorrelation: number;
  /** Specific stop-loss per patient: attachment A (Infinity = none), coinsurance, limit on the excess. */
  attachment: number;
  coinsurance: number;
  limit: number;
  expectedSpend: number;
  histogramBins: number;
}

function shapeOf(options: SimulationOptions, segmentId: string): CostShape {
  const c = options.calibration;
  const base: CostShape = {
    zeroProb: c.zeroProbBySegment[segmentId] ?? c.zeroProb,
    sigma: c.sigma,
    tail: c.tail,
  };
  const cv = c.cv === null ? null : typeof c.cv === 'number' ? c.cv : (c.cv[segmentId] ?? null);
  return cv === null ? base : shapeForCv(base, cv);
}

/** Cholesky factor of a symmetric positive semi-definite matrix (row-major), or null if it is not one. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (s < -1e-12) return null;
        l[i * n + i] = Math.sqrt(Math.max(0, s));
      } else {
        const d = l[j * n + j]!;
        l[i * n + j] = d > 0 ? s / d : 0;
      }
    }
  return l;
}

/** The model of contract year options.year, from the scenario's calculation (the caller's: a scenario version is
 *  calculated once). */
export function buildModel(
  scenario: Scenario,
  options: SimulationOptions,
  calculation: CalculationResult,
): SimulationModel {
  checkYear(scenario, options.year, 'contract');
  const ctx = prepareSettlement(scenario, options.year, calculation);
  const year = calculation.years[options.year]!;
  const cube = year.budget;
  const S = cube.segments.length;
  const N = cube.neighbourhoods.length;
  const inScope = year.lines.map((l, i) => ({ id: l.line, i, inScope: l.inScope })).filter((l) => l.inScope);
  const L = inScope.length;

  const specific = ctx.riskShare.stopLoss.specific;
  const segments: SegmentModel[] = [];
  year.segments.forEach((sy, s) => {
    if (!(sy.personYears > 0 && sy.inScopeBudget > 0)) return;
    const weights = new Float64Array(L);
    inScope.forEach((line, j) => {
      let t = 0;
      for (let n = 0; n < N; n++) t += cube.values[(line.i * N + n) * S + s]!;
      weights[j] = t / sy.inScopeBudget;
    });
    const people = Math.max(1, Math.round(sy.personYears));
    const mean = (sy.inScopeBudget / people) * options.costRatio;
    segments.push({
      id: sy.segment,
      people,
      mean,
      dist: withMean(shapeOf(options, sy.segment), mean),
      lineWeights: weights,
    });
  });

  const trend = options.shocks.trend;
  const trendSd = new Float64Array(inScope.map((l) => trend.sdByLine[l.id] ?? trend.sd));
  const corr = new Float64Array(L * L);
  if (trend.correlationMatrix !== null) {
    const m = trend.correlationMatrix;
    if (m.length !== L || m.some((row) => row.length !== L))
      throw new DomainError(
        'shocks.trend.correlationMatrix',
        `must be ${L} x ${L} (the in-scope lines ${inScope.map((l) => l.id).join(', ')})`,
      );
    for (let i = 0; i < L; i++)
      for (let j = 0; j < L; j++) {
        if (m[i]![j] !== m[j]![i] || (i === j && m[i]![j] !== 1))
          throw new DomainError(
            'shocks.trend.correlationMatrix',
            'must be symmetric with ones on the diagonal',
          );
        corr[i * L + j] = m[i]![j]!;
      }
  } else
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) corr[i * L + j] = i === j ? 1 : trend.correlation;
  const trendChol = cholesky(corr, L);
  if (trendChol === null)
    throw new DomainError('shocks.trend.correlationMatrix', 'must be positive semi-definite');

  const epi = options.shocks.epidemic;
  const categories = new Map(scenario.serviceLines.map((l) => [l.id, l.category]));
  const epidemic =
    epi === null || epi.probability === 0
      ? null
      : {
          probability: epi.probability,
          mean: epi.mean,
          sd: epi.sd,
          affected: new Uint8Array(
            inScope.map((l) => (epi.categories.includes(categories.get(l.id)!) ? 1 : 0)),
          ),
        };

  const measures = ctx.outcomes?.measures ?? [];
  const attachment = specific?.attachment ?? Number.POSITIVE_INFINITY;
  const coinsurance = specific?.coinsurance ?? 0;
  const limit = specific?.limit ?? Number.POSITIVE_INFINITY;
  const totalPeople = segments.reduce((a, s) => a + s.people, 0);
  const pool =
    options.method === 'person' || totalPeople < options.personLevelBelow
      ? null
      : buildPool(segments, L, options.explicitTailMean, attachment, coinsurance, limit);
  return {
    seed: options.seed,
    year: options.year,
    method: options.method,
    ctx,
    memberWeights: ctx.memberWeights,
    segments,
    pool,
    lines: inScope.map((l) => l.id),
    trendChol,
    trendSd,
    tariffSd: options.shocks.tariff.sd,
    epidemic,
    measureWeights: new Float64Array(measures.map((m) => m.weight)),
    measureExpected: new Float64Array(measures.map((m) => m.expectedAttainment)),
    attainmentSd: options.attainment.sd,
    attainmentCorrelation: options.attainment.correlation,
    attachment,
    coinsurance,
    limit,
    expectedSpend: segments.reduce((a, s) => a + s.people * s.mean, 0),
    histogramBins: options.histogramBins,
  };
}
