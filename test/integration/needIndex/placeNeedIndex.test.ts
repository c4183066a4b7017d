import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/core/base/errors.ts';
import { parseCsv } from '../../../shared/core/needIndex/csv.ts';
import { placeNeedIndex, practiceNeedIndices } from '../../../shared/core/needIndex/placeNeedIndex.ts';
import { WEIGHTED_POPULATION_COLUMNS, practiceRows } from '../../../shared/core/needIndex/practiceRows.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const practiceFile = path.resolve(
  repoRoot,
  '..',
  'shared',
  'data',
  'gp-practice-weighted-populations-2024-25.csv',
);
const rows = practiceRows(parseCsv(readFileSync(practiceFile, 'utf8')));

interface ReferencePlace {
  practices: number;
  pop: number;
  wp: number;
  rni: number;
  share: number;
}
interface ReferenceResult {
  icb_code: string;
  icb_name: string;
  icb_pop: number;
  icb_wp: number;
  places: Record<string, ReferencePlace>;
}
interface Query {
  icb: string;
  by: string;
  component: string;
}

/** Runs the independent Python implementation (test/reference/need_index.py) once for all queries. */
function reference(queries: Query[]): ReferenceResult[] {
  const script = path.join(repoRoot, 'test', 'reference', 'need_index.py');
  const out = execFileSync('python3', [script, practiceFile, JSON.stringify(queries)], { encoding: 'utf8' });
  return JSON.parse(out) as ReferenceResult[];
}

const QUERIES: Query[] = [
  { icb: 'QOC', by: 'LTLA21', component: 'Final WP' },
  { icb: 'NHS Gloucestershire ICB', by: 'LTLA21', component: 'MH WP' },
  { icb: 'qgh', by: 'LAD21', component: 'Final WP' },
  { icb: 'QGH', by: 'LAD21', component: 'Primary Medical Care WP' },
  { icb: 'QWO', by: 'LAD21', component: 'Health Ineq WP' },
  { icb: 'NHS Greater Manchester ICB', by: 'LTLA21', component: 'Final WP' },
  { icb: 'QHM', by: 'CCG21', component: 'CS WP' },
];

describe('placeNeedIndex against the Python reference on the real 2024/25 file', () => {
  const expected = reference(QUERIES);
  QUERIES.forEach((q, i) => {
    it(`${q.icb} by ${q.by}, ${q.component}: every place matches`, () => {
      const ref = expected[i]!;
      const got = placeNeedIndex(rows, q);
      expect(got.icb).toEqual({ code: ref.icb_code, name: ref.icb_name });
      expect(got.icbPopulation).toBe(ref.icb_pop);
      expect(got.icbWeightedPopulation).toBe(ref.icb_wp);
      expect(got.places.map((p) => p.place).sort()).toEqual(Object.keys(ref.places).sort());
      expect(got.places.length).toBeGreaterThan(1);
      for (const p of got.places) {
        const r = ref.places[p.place]!;
        expect(p.practices, p.place).toBe(r.practices);
        expect(p.population, p.place).toBe(r.pop);
        expect(p.weightedPopulation, p.place).toBe(r.wp);
        expect(p.relativeNeedIndex, p.place).toBeCloseTo(r.rni, 12);
        expect(p.shareOfNeed, p.place).toBeCloseTo(r.share, 12);
      }
    });
  });
});

describe('need index invariants', () => {
  const icbs = [...new Set(rows.map((r) => r.icbCode))];

  it('the file has 6,553 practices in 42 ICBs', () => {
    expect(rows).toHaveLength(6553);
    expect(icbs).toHaveLength(42);
  });

  it('every weighted-population column is normalised to the national GP population', () => {
    const pop = rows.reduce((a, r) => a + r.population, 0);
    for (const c of WEIGHTED_POPULATION_COLUMNS) {
      const wp = rows.reduce((a, r) => a + r.weighted[c], 0);
      expect(Math.abs(wp - pop) / pop, c).toBeLessThan(1e-9);
    }
  });

  it.each(['Final WP', 'G&A WP', 'Prescr WP'])(
    'in every ICB, %s shares sum to 1 and the population-weighted mean RNI is 1 (up to integer rounding)',
    (component) => {
      for (const icb of icbs) {
        const result = placeNeedIndex(rows, { icb, by: 'LAD21', component });
        const n = result.places.length;
        // Each rounded place sum is within 0.5 of its exact sum, and so is the rounded ICB total.
        const slack = (n + 1) * 0.5;
        const shares = result.places.reduce((a, p) => a + p.shareOfNeed, 0);
        expect(Math.abs(shares - 1), icb).toBeLessThanOrEqual(slack / result.icbWeightedPopulation);
        const pop = result.places.reduce((a, p) => a + p.population, 0);
        const mean = result.places.reduce((a, p) => a + p.population * p.relativeNeedIndex, 0) / pop;
        const bound = slack / result.icbWeightedPopulation + slack / result.icbPopulation;
        expect(Math.abs(mean - 1), icb).toBeLessThanOrEqual(bound * 1.0001);
        expect(result.places.reduce((a, p) => a + p.practices, 0)).toBe(
          rows.filter((r) => r.icbCode === icb).length,
        );
      }
    },
  );

  it('practice indices: population-weighted mean 1 in the ICB and the ICB rate shared with placeNeedIndex', () => {
    const indices = practiceNeedIndices(rows, 'QOC', 'Final WP');
    expect(indices).toHaveLength(52);
    const pop = indices.reduce((a, p) => a + p.population, 0);
    const mean = indices.reduce((a, p) => a + p.population * p.needIndex, 0) / pop;
    expect(Math.abs(mean - 1)).toBeLessThan(2e-6);
    const place = placeNeedIndex(rows, { icb: 'QOC', by: 'LAD21' });
    const first = indices[0]!;
    const icbRate = place.icbWeightedPopulation / place.icbPopulation;
    expect(first.needIndex).toBeCloseTo(first.weightedPopulation / first.population / icbRate, 14);
  });

  it('defaults to Final WP and accepts any case for the column names', () => {
    const a = placeNeedIndex(rows, { icb: 'qoc', by: 'ltla21' });
    expect(a.component).toBe('Final WP');
    expect(a.by).toBe('LTLA21');
    expect(placeNeedIndex(rows, { icb: 'QOC', by: 'LTLA21', component: 'final wp' })).toEqual(a);
  });
});

describe('need index errors', () => {
  function domainError(f: () => unknown): DomainError {
    try {
      f();
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
    throw new Error('expected a DomainError');
  }

  it('names an unknown ICB with close matches', () => {
    const e = domainError(() => placeNeedIndex(rows, { icb: 'Shropshire', by: 'LAD21' }));
    expect(e.field).toBe('icb');
    expect(e.message).toContain('NHS Shropshire, Telford and Wrekin ICB');
    expect(domainError(() => placeNeedIndex(rows, { icb: 'QOX1', by: 'LAD21' })).message).toMatch(
      /did you mean: .*QOX/,
    );
  });

  it('names an unknown component with close matches', () => {
    const e = domainError(() => placeNeedIndex(rows, { icb: 'QOC', by: 'LAD21', component: 'Final' }));
    expect(e.field).toBe('component');
    expect(e.message).toMatch(/did you mean: .*Final WP/);
  });

  it('names an unknown or numeric grouping column', () => {
    const e = domainError(() => placeNeedIndex(rows, { icb: 'QOC', by: 'LAD' }));
    expect(e.field).toBe('by');
    expect(e.message).toMatch(/not a column .*did you mean: .*LAD21/);
    expect(domainError(() => placeNeedIndex(rows, { icb: 'QOC', by: 'Final WP' })).message).toMatch(
      /numeric column/,
    );
  });
});
