import { practiceNeedIndices } from '../../shared/core/needIndex/index.ts';
import type { PracticeRow } from '../../shared/core/needIndex/index.ts';
import { type CostDistribution, withMean } from '../../shared/core/simulation/index.ts';
import { OPEN_AGE, type SpendCell } from '../exampleData/readData.ts';
import { segmentSpend } from '../exampleData/segments.ts';
import { STANDARD_LINES, linePppy } from '../exampleData/serviceLines.ts';
import {
  AGE_BANDS,
  CLASSES,
  LINE_SETTINGS,
  type LatentClass,
  SPEND_UPLIFT,
  type SynthParameters,
  growthOf,
} from './parameters.ts';

/* The generating model built from the public data: cells (age band x sex x IMD quintile) with their mean cost and
 * line split per class, single-year-of-age population weights, and the ICB's practices with their tilts. */

export const LINES = STANDARD_LINES.map((r) => r.id);

export interface Cell {
  band: number;
  sex: 'F' | 'M';
  imd: number;
  /** Base-year mean cost per person of the cell (spend table x uplift), GBP. */
  mean: number;
  /** Mean cost of each class in the cell (normalised so the class mix gives `mean`). */
  classMean: Record<LatentClass, number>;
  /** Expected share of each line in a class's cost, by line id (in LINES order). */
  shares: Record<LatentClass, number[]>;
}

export interface Practice {
  code: string;
  listSize: number;
  needIndex: number;
  healthIneqIndex: number;
  effect: number;
}

export const bandOf = (age: number) =>
  AGE_BANDS.findIndex((b) => age >= b.from && ('to' in b ? age <= b.to : true));

export function buildCells(spendCells: readonly SpendCell[], p: SynthParameters): Cell[] {
  const spend = segmentSpend(spendCells, AGE_BANDS as unknown as { from: number; to?: number }[]);
  const pppy = linePppy(STANDARD_LINES, spend, 1);
  return spend.map((s, k) => {
    const band = AGE_BANDS.findIndex((b) => b.from === s.segment.ageFrom);
    const byLine = LINES.map((_, l) => pppy[l]![k]!);
    const total = byLine.reduce((a, v) => a + v, 0);
    const full = byLine.map((v) => v / total);
    const ongoing = LINES.map((id) => LINE_SETTINGS[id]!.ongoing);
    const restricted = full.map((v, l) => (ongoing[l] ? 0 : v));
    const rTotal = restricted.reduce((a, v) => a + v, 0);
    const pB = p.classB[band]!;
    const pC = p.classC[band]!;
    const mix = (1 - pB - pC) * p.multiplier.A + pB * p.multiplier.B + pC * p.multiplier.C;
    const mean = total * SPEND_UPLIFT;
    return {
      band,
      sex: s.segment.sex as 'F' | 'M',
      imd: s.segment.imdQuintile!,
      mean,
      classMean: {
        A: (mean * p.multiplier.A) / mix,
        B: (mean * p.multiplier.B) / mix,
        C: (mean * p.multiplier.C) / mix,
      },
      shares: { A: restricted.map((v) => v / rTotal), B: full, C: full },
    };
  });
}

export function classProbabilities(p: SynthParameters, band: number): Record<LatentClass, number> {
  const B = p.classB[band]!;
  const C = p.classC[band]!;
  return { A: 1 - B - C, B, C };
}

/** The unit-mean cost factor of each class (the simulation's spliced lognormal / Pareto model). */
export function unitDistributions(p: SynthParameters): Record<LatentClass, CostDistribution> {
  const out = {} as Record<LatentClass, CostDistribution>;
  for (const c of CLASSES)
    out[c] = withMean(
      {
        zeroProb: p.zeroProb[c],
        sigma: p.sigma,
        tail: { type: 'pareto', mass: p.tailMass, alpha: p.tailAlpha },
      },
      1,
    );
  return out;
}

/** Line weights of a class in a cell in year offset t (t <= 0 before the base year), and their sum G. */
export function yearWeights(
  cell: Cell,
  c: LatentClass,
  t: number,
  p: SynthParameters,
): { weights: number[]; total: number } {
  const weights = cell.shares[c].map(
    (s, l) => s * (1 + growthOf(p, LINE_SETTINGS[LINES[l]!]!.category)) ** t,
  );
  return { weights, total: weights.reduce((a, v) => a + v, 0) };
}

/** The ICB's practices (with a GP population), in code order; `z(i)` is practice i's standard normal draw. */
export function icbPractices(
  rows: readonly PracticeRow[],
  icb: string,
  p: SynthParameters,
  z: (i: number) => number,
): Practice[] {
  const need = new Map(practiceNeedIndices(rows, icb, 'Final WP').map((x) => [x.code, x]));
  const ineq = new Map(practiceNeedIndices(rows, icb, 'Health Ineq WP').map((x) => [x.code, x.needIndex]));
  return [...need.values()]
    .filter((x) => x.population > 0)
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((x, i) => ({
      code: x.code,
      listSize: x.population,
      needIndex: x.needIndex,
      healthIneqIndex: ineq.get(x.code) ?? 1,
      effect: Math.exp(p.practiceEffectSd * z(i) - (p.practiceEffectSd * p.practiceEffectSd) / 2),
    }));
}

/** Single-year-of-age cells of the spend table with a practice's tilt applied, for drawing its people. */
export function practiceCellWeights(
  spendCells: readonly SpendCell[],
  practice: Practice,
  p: SynthParameters,
): number[] {
  return spendCells.map(
    (c) =>
      c.population *
      practice.healthIneqIndex ** (p.imdTilt * (3 - c.imd)) *
      practice.needIndex ** p.ageTilt[bandOf(c.age)]!,
  );
}

export const OPEN_AGE_SPAN = 15;
export { OPEN_AGE };
