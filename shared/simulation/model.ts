import { calculate } from '../engine/calculate.ts';
import { DomainError } from '../errors.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { memberWeights } from '../settlement/memberWeights.ts';
import { prepareSettlement } from '../settlement/settle.ts';
import type { SettlementContext } from '../settlement/settlementTypes.ts';
import {
  type CostDistribution,
  type CostShape,
  partialMoment,
  quantileFromSurvival,
  shapeForCv,
  withMean,
} from './costModel.ts';
import type { SimulationOptions } from './options.ts';

/* Everything a trial needs, computed once per run from the scenario and the options: no trial looks at the
 * scenario again. The model is plain data (numbers, arrays, the settlement context) so a worker can rebuild it
 * from the same scenario and options and get the same numbers. */

export interface SegmentModel {
  id: string;
  /** People simulated: person-years rounded to whole people (at least 1). */
  people: number;
  /** Expected annual cost per person (GBP) before shocks. */
  mean: number;
  dist: CostDistribution;
  /** Weight of each in-scope line in the segment's cost (sums to 1). */
  lineWeights: Float64Array;
  /** true: every person is drawn (small segment or the person method). */
  personLevel: boolean;
  /** Fast method: people with base cost above `explicitThreshold` are drawn one by one; their number is
   *  Binomial(people, explicitProb), drawn by inversion from P(0) = exp(logP0) and the ratio p / (1 - p). */
  explicitThreshold: number;
  explicitProb: number;
  /** P(K = 0) = (1 - p)^n. */
  p0: number;
  oddsRatio: number;
  /** The explicit threshold is in the Pareto tail: explicit costs are q x V^(-1/alpha), V uniform. */
  explicitPareto: boolean;
  invAlpha: number;
  /** Moments of a cost below the explicit threshold (zeros included): mean, variance, skewness. */
  bulkMean: number;
  bulkVar: number;
  bulkSkew: number;
  /** Fast method with a specific stop-loss: per person below the explicit threshold, as functions of the log
   *  cost multiplier ln M on a grid (see MID_GRID_*): E[g], E[g^2], E[C g] and P(A < M C), where
   *  g = c x min(max(0, M C - A), limit); null when no one below the threshold can reach the attachment. */
  mid: MidBandTable | null;
}

/** Grid of ln M for the mid-band tables: [-MID_GRID_RANGE, MID_GRID_RANGE] in MID_GRID_STEPS steps. Multipliers
 *  outside it (shocks beyond a factor e) are computed directly. */
export const MID_GRID_RANGE = 1;
export const MID_GRID_STEPS = 4096;

export interface MidBandTable {
  eg: Float64Array;
  eg2: Float64Array;
  ecg: Float64Array;
  pm: Float64Array;
}

/** Moments of the stop-loss recovery g of one person whose base cost is below q (zeros included), for cost
 *  multiplier `mult`: writes [E g, E g^2, E C g, P(M C > A)] into out. Closed forms from the partial moments. */
export function midBandMoments(
  seg: Pick<SegmentModel, 'dist' | 'explicitThreshold' | 'explicitProb'>,
  attachment: number,
  coinsurance: number,
  limit: number,
  mult: number,
  out: Float64Array,
): void {
  const d = seg.dist;
  const q = seg.explicitThreshold;
  const c = coinsurance;
  const A = attachment;
  const keep = 1 - seg.explicitProb;
  const a1 = A / mult;
  const a2 = Math.min(q, (A + limit) / mult);
  const p0 = partialMoment(d, 0, a1, a2);
  const p1 = partialMoment(d, 1, a1, a2);
  const p2 = partialMoment(d, 2, a1, a2);
  let eg = c * (mult * p1 - A * p0);
  let eg2 = c * c * (mult * mult * p2 - 2 * A * mult * p1 + A * A * p0);
  let ecg = c * (mult * p2 - A * p1);
  let pm = p0;
  if (a2 < q) {
    const cap = c * limit;
    const r0 = partialMoment(d, 0, a2, q);
    const r1 = partialMoment(d, 1, a2, q);
    eg += cap * r0;
    eg2 += cap * cap * r0;
    ecg += cap * r1;
    pm += r0;
  }
  out[0] = eg / keep;
  out[1] = eg2 / keep;
  out[2] = ecg / keep;
  out[3] = pm / keep;
}

export interface SimulationModel {
  seed: number;
  year: number;
  method: 'fast' | 'person';
  ctx: SettlementContext;
  /** Member weights theta_k of the providers' result (sum 1), in ctx.members order. */
  memberWeights: number[];
  segments: SegmentModel[];
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
  const base: CostShape = { zeroProb: c.zeroProb, sigma: c.sigma, tail: c.tail };
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

function segmentModel(
  id: string,
  people: number,
  mean: number,
  shape: CostShape,
  lineWeights: Float64Array,
  options: SimulationOptions,
  attachment: number,
  coinsurance: number,
  limit: number,
): SegmentModel {
  const dist = withMean(shape, mean);
  const lambda = options.explicitTailMean;
  const personLevel =
    options.method === 'person' ||
    people < options.personLevelBelow ||
    lambda / people >= 0.5 * (1 - dist.zeroProb);
  const seg: SegmentModel = {
    id,
    people,
    mean,
    dist,
    lineWeights,
    personLevel,
    explicitThreshold: Number.POSITIVE_INFINITY,
    explicitProb: 0,
    p0: 1,
    oddsRatio: 0,
    explicitPareto: false,
    invAlpha: 0,
    bulkMean: mean,
    bulkVar: 0,
    bulkSkew: 0,
    mid: null,
  };
  if (personLevel) return seg;
  const p = lambda / people;
  const q = quantileFromSurvival(dist, p, false);
  const keep = 1 - p;
  const m1 = partialMoment(dist, 1, 0, q) / keep;
  const m2 = partialMoment(dist, 2, 0, q) / keep;
  const m3 = partialMoment(dist, 3, 0, q) / keep;
  const v = m2 - m1 * m1;
  seg.explicitThreshold = q;
  seg.explicitProb = p;
  seg.p0 = Math.exp(people * Math.log1p(-p));
  seg.explicitPareto = q >= dist.splice;
  seg.invAlpha = 1 / dist.alpha;
  seg.oddsRatio = p / keep;
  seg.bulkMean = m1;
  seg.bulkVar = v;
  seg.bulkSkew = v > 0 ? (m3 - 3 * m1 * v - m1 * m1 * m1) / v ** 1.5 : 0;
  if (attachment < q * Math.exp(MID_GRID_RANGE)) {
    const n = MID_GRID_STEPS + 1;
    const t: MidBandTable = {
      eg: new Float64Array(n),
      eg2: new Float64Array(n),
      ecg: new Float64Array(n),
      pm: new Float64Array(n),
    };
    const tmp = new Float64Array(4);
    for (let i = 0; i < n; i++) {
      const mult = Math.exp(-MID_GRID_RANGE + (2 * MID_GRID_RANGE * i) / MID_GRID_STEPS);
      midBandMoments(seg, attachment, coinsurance, limit, mult, tmp);
      t.eg[i] = tmp[0]!;
      t.eg2[i] = tmp[1]!;
      t.ecg[i] = tmp[2]!;
      t.pm[i] = tmp[3]!;
    }
    seg.mid = t;
  }
  return seg;
}

export function buildModel(scenario: Scenario, options: SimulationOptions): SimulationModel {
  if (options.year > scenario.contract.years)
    throw new DomainError(
      'year',
      `must be a contract year from 1 to ${scenario.contract.years}, got ${options.year}`,
    );
  const ctx = prepareSettlement(scenario, options.year);
  const year = calculate(scenario).years[options.year]!;
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
    segments.push(
      segmentModel(
        sy.segment,
        people,
        mean,
        shapeOf(options, sy.segment),
        weights,
        options,
        specific?.attachment ?? Number.POSITIVE_INFINITY,
        specific?.coinsurance ?? 0,
        specific?.limit ?? Number.POSITIVE_INFINITY,
      ),
    );
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
  return {
    seed: options.seed,
    year: options.year,
    method: options.method,
    ctx,
    memberWeights: memberWeights(ctx.distribution, ctx.members),
    segments,
    lines: inScope.map((l) => l.id),
    trendChol,
    trendSd,
    tariffSd: options.shocks.tariff.sd,
    epidemic,
    measureWeights: new Float64Array(measures.map((m) => m.weight)),
    measureExpected: new Float64Array(measures.map((m) => m.expectedAttainment)),
    attainmentSd: options.attainment.sd,
    attainmentCorrelation: options.attainment.correlation,
    attachment: specific?.attachment ?? Number.POSITIVE_INFINITY,
    coinsurance: specific?.coinsurance ?? 0,
    limit: specific?.limit ?? Number.POSITIVE_INFINITY,
    expectedSpend: segments.reduce((a, s) => a + s.people * s.mean, 0),
    histogramBins: options.histogramBins,
  };
}
