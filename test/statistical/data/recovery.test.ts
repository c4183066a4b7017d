import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOptions } from '../../../cli/data/options.ts';
import { readExtract } from '../../../cli/data/readExtract.ts';
import { type Truth, generateExtract } from '../../../scripts/synth/generate.ts';
import {
  DEFAULT_NEED_RULE,
  DEFAULT_SEGMENTATION,
  type DataProfile,
  type ExtractAggregates,
  buildProfile,
  writeBaselines,
} from '../../../shared/core/dataProfile/index.ts';
import { calculate } from '../../../shared/core/engine/index.ts';
import { parseCsv } from '../../../shared/core/needIndex/index.ts';
import { repoRoot } from '../../support/runCli.ts';
import { cleanTempDirs, tempDir } from '../../integration/data/extractFiles.ts';
import {
  type Component,
  components,
  costSurvival,
  costVariance,
  lineMoments,
  logExcess,
  mixtureQuantileAbove,
  upperMean,
  upperSecond,
} from './truthModel.ts';

/* Profiles a seeded synthetic extract and recovers its generating parameters within sampling error: PPPY by
 * segment and line, the shares of the levels of need, the tail index, the concentration of spend, the growth by
 * line and the practices' utilisation effects. Every expected figure comes from truth.json (truthModel.ts). */

const PEOPLE = 60_000;
const Z = 4.5;
const PRACTICE_FILE = join(repoRoot, '..', 'shared', 'data', 'gp-practice-weighted-populations-2024-25.csv');
const BASE = '2024/25';

let truth: Truth;
let aggs: ExtractAggregates;
let open: DataProfile;
let comps: Component[];

const profileWith = (disclosure: { suppressBelow: number; roundTo: number }) =>
  buildProfile(aggs, {
    mapping: dataOptions({}).mapping,
    needRule: DEFAULT_NEED_RULE,
    segmentation: DEFAULT_SEGMENTATION,
    disclosure,
  });

beforeAll(async () => {
  const out = tempDir('pacs-synth-');
  truth = await generateExtract({
    icb: 'QOC',
    people: PEOPLE,
    seed: 2024,
    years: ['2023/24', BASE],
    out,
    format: 'parquet',
    bom: false,
    split: 'year',
    peopleFiles: 1,
    bad: 0,
  });
  aggs = await readExtract(
    [out],
    dataOptions({ practices: PRACTICE_FILE, icb: 'QOC', threads: '2', memory: '2GB' }).read,
  );
  open = profileWith({ suppressBelow: 1, roundTo: 1 });
  comps = components(truth, BASE);
}, 600_000);

const key = (band: number, sex: string, imd: number) => `${band}|${sex}|${imd}`;

afterAll(cleanTempDirs);

describe('recovering the generating parameters of a synthetic extract', () => {
  it('the generator follows the 2014/15 spend table: each cell mean is its per-person spend x the uplift', () => {
    const table = parseCsv(
      readFileSync(join(repoRoot, '..', 'shared', 'data', 'nhs-spend-by-age-sex-imd-2014.csv'), 'utf8'),
    );
    const bands = [4, 14, 44, 64, 74, 84, 200];
    const sums = new Map<string, { pop: number; spend: number }>();
    for (const [age, sex, imd, pop, ip, op, gp] of table.rows) {
      const a = age === '85+' ? 85 : Number(age);
      const k = key(
        bands.findIndex((b) => a <= b),
        sex!,
        Number(imd),
      );
      const s = sums.get(k) ?? { pop: 0, spend: 0 };
      s.pop += Number(pop);
      s.spend += Number(ip) + Number(op) + Number(gp);
      sums.set(k, s);
    }
    for (const cell of truth.cells) {
      const s = sums.get(key(cell.band, cell.sex, cell.imd))!;
      // The generator splits the cell into lines rounded to the penny: within 12 lines x half a penny.
      expect(Math.abs(cell.mean - (s.spend / s.pop) * 1.75)).toBeLessThan(0.1);
    }
  });

  it('PPPY by age/sex/IMD segment within sampling error of its expectation', () => {
    const observed = new Map<string, { py: number; spend: number }>();
    for (const r of aggs.segmentYears.filter((x) => x.year === BASE)) {
      const k = key(r.key.band, r.key.sex!, r.key.imd!);
      const o = observed.get(k) ?? { py: 0, spend: 0 };
      o.py += r.personYears;
      o.spend += r.spend;
      observed.set(k, o);
    }
    const zs: number[] = [];
    for (const [k, o] of observed) {
      const mine = comps.filter((c) => key(c.cell.band, c.cell.sex, c.cell.imd) === k);
      const people = mine.reduce((a, c) => a + c.people, 0);
      expect(people).toBe(o.py);
      const mean = mine.reduce((a, c) => a + c.people * c.scale, 0) / people;
      const se = Math.sqrt(mine.reduce((a, c) => a + c.people * costVariance(c), 0)) / people;
      zs.push((o.spend / o.py - mean) / se);
    }
    expect(zs.length).toBe(70);
    expect(Math.max(...zs.map(Math.abs))).toBeLessThan(Z);
    // The z-scores behave as standard normals: mean square near 1 (sd of the mean of 70 squares about 0.17).
    expect(zs.reduce((a, z) => a + z * z, 0) / zs.length).toBeGreaterThan(0.4);
    expect(zs.reduce((a, z) => a + z * z, 0) / zs.length).toBeLessThan(2);
  });

  it('PPPY by line within sampling error', () => {
    const n = comps.reduce((a, c) => a + c.people, 0);
    for (const line of open.drivers.byLine) {
      const l = truth.lines.findIndex((id) => truth.lineCategories[id] === line.line);
      const m = comps.map((c) => ({ c, ...lineMoments(c, l) }));
      const mean = m.reduce((a, x) => a + x.c.people * x.mean, 0) / n;
      const se = Math.sqrt(m.reduce((a, x) => a + x.c.people * x.variance, 0)) / n;
      expect(Math.abs((line.pppy! - mean) / se)).toBeLessThan(Z);
    }
  });

  it('the shares of people in the four levels of need', () => {
    const n = comps.reduce((a, c) => a + c.people, 0);
    // The rule's top 2%: the cost above which 2% of people are.
    const x98 = mixtureQuantileAbove(comps, 0.02);
    const expected = [0, 0, 0, 0];
    const urgent = ['non_elective', 'urgent_care'].map((id) => truth.lines.indexOf(id));
    for (const c of comps) {
      const above = costSurvival(c, x98);
      if (c.cls === 'C') expected[3]! += c.people;
      else {
        expected[3]! += c.people * above;
        const below = 1 - above;
        if (c.cls === 'B') expected[2]! += c.people * below;
        else {
          const u = urgent.reduce((a, l) => a + c.lineProbs[l]!, 0);
          const urgentShare = 1 - (1 - u) ** c.episodes;
          const nonZeroBelow = 1 - c.unit.zeroProb - above;
          expected[1]! += c.people * urgentShare * nonZeroBelow;
          expected[0]! += c.people * (below - urgentShare * nonZeroBelow);
        }
      }
    }
    open.levels.byLevel.forEach((l, i) => {
      const p = expected[i]! / n;
      expect(Math.abs((l.shareOfPeople! - p) / Math.sqrt((p * (1 - p)) / n))).toBeLessThan(Z);
    });
  });

  it("the tail index above the 99th percentile is the Hill estimator's limit for the generating mixture", () => {
    const t = open.risk.tail.threshold!;
    const above = comps.reduce((a, c) => a + c.people * costSurvival(c, t), 0);
    const logs = comps.reduce((a, c) => a + c.people * logExcess(c, t), 0);
    const alpha = above / logs;
    const r = open.risk.tail;
    expect(Math.abs((r.alpha! - alpha) / r.standardError!)).toBeLessThan(Z);
  });

  it('the calibrated cost model reproduces the upper percentiles and the top shares (the fit report)', () => {
    // Its shared tail shape need not be the generator's: its segments are levels of need, not the latent classes.
    const fit = open.risk.fit;
    for (const f of fit.percentiles.filter((x) => x.percentile >= 0.9))
      expect(Math.abs(f.ratio! - 1)).toBeLessThan(0.1);
    for (const t of fit.topShares) expect(Math.abs(t.model - t.data!)).toBeLessThan(0.03);
  });

  it('cost concentration: top 1% and 5%, bottom 50%, as the mixture says and as published (MEPS)', () => {
    const n = comps.reduce((a, c) => a + c.people, 0);
    const mean = comps.reduce((a, c) => a + c.people * c.scale, 0) / n;
    const top = (q: number) => {
      const x = mixtureQuantileAbove(comps, q);
      const m1 = comps.reduce((a, c) => a + c.people * upperMean(c, x), 0) / n;
      const m2 = comps.reduce((a, c) => a + c.people * upperSecond(c, x), 0) / n;
      // Sampling error of the top group's spend (the quantile's own error is of second order).
      return { share: m1 / mean, se: Math.sqrt((m2 - m1 * m1) / n) / mean };
    };
    const c = open.risk.concentration;
    for (const [q, observed] of [
      [0.01, c.top1!],
      [0.05, c.top5!],
      [0.5, 1 - c.bottom50!],
    ] as const) {
      const e = top(q);
      expect(Math.abs((observed - e.share) / e.se)).toBeLessThan(Z);
    }
    // The generating model reproduces the published concentration of spend (capitation-method.md §3.10).
    expect(top(0.01).share).toBeGreaterThan(0.19);
    expect(top(0.01).share).toBeLessThan(0.24);
    expect(top(0.05).share).toBeGreaterThan(0.45);
    expect(top(0.05).share).toBeLessThan(0.55);
    expect(1 - top(0.5).share).toBeGreaterThan(0.02);
    expect(1 - top(0.5).share).toBeLessThan(0.04);
  });

  it('growth by line: standardised PPPY each year within sampling error, and the generating growth', () => {
    const years = truth.years;
    const byYear = years.map((y) => components(truth, y));
    const seg = (c: Component) => key(c.cell.band, c.cell.sex, c.cell.imd);
    const py = byYear.map((cs) => {
      const m = new Map<string, number>();
      for (const c of cs) m.set(seg(c), (m.get(seg(c)) ?? 0) + c.people);
      return m;
    });
    const complete = [...py.at(-1)!.keys()].filter((k) => py.every((m) => (m.get(k) ?? 0) > 0));
    const basePy = complete.reduce((a, k) => a + py.at(-1)!.get(k)!, 0);
    for (const line of open.trend!.byLine) {
      const l = truth.lines.findIndex((id) => truth.lineCategories[id] === line.name);
      const expected = byYear.map((cs, y) => {
        let mean = 0;
        let variance = 0;
        for (const k of complete) {
          const w = py.at(-1)!.get(k)! / basePy;
          const n = py[y]!.get(k)!;
          for (const c of cs.filter((x) => seg(x) === k)) {
            const mo = lineMoments(c, l);
            mean += (w * c.people * mo.mean) / n;
            variance += (w * w * c.people * mo.variance) / (n * n);
          }
        }
        return { mean, se: Math.sqrt(variance) };
      });
      line.byYear.forEach((v, y) =>
        expect(Math.abs((v! - expected[y]!.mean) / expected[y]!.se)).toBeLessThan(Z),
      );
      // Growth: observed against expected, errors of the two years combined.
      const g = expected[1]!.mean / expected[0]!.mean - 1;
      const se =
        (1 + g) * Math.hypot(expected[0]!.se / expected[0]!.mean, expected[1]!.se / expected[1]!.mean);
      expect(Math.abs((line.growth! - g) / se)).toBeLessThan(Z);
      // The expectation is the generating growth of the line's category: each segment's class mix is the same
      // every year in expectation, so only the realised mix of classes and practices within each segment (people
      // ageing into it) moves it, by a fraction of a point.
      const category = truth.lineCategories[truth.lines[l]!]!;
      const generating =
        (truth.parameters.growth as Record<string, number>)[category] ?? truth.parameters.growth.default;
      expect(Math.abs(g - generating)).toBeLessThan(0.005);
    }
  });

  it("practices' utilisation follows their generated effects (rank correlation)", () => {
    const effect = new Map(truth.practices.map((p) => [p.code, p.effect]));
    const rows = open.drivers.byPractice.filter((p) => p.spend !== null && p.utilisation !== null);
    const relative = rows.map((p) => p.utilisation! / (p.spend! - p.utilisation!));
    const effects = rows.map((p) => effect.get(p.practice)!);
    expect(spearman(relative, effects)).toBeGreaterThan(0.5);
  });

  it('with disclosure control: counts are multiples of 5, none 1-7, every withheld cell listed, scenario reconciles', () => {
    const p = profileWith({ suppressBelow: 8, roundTo: 5 });
    const counts = [
      ...p.baselines.cells.flatMap((c) => [c.users, c.events]),
      ...p.baselines.bySegment.flatMap((s) => [s.people, s.personYears]),
      ...p.levels.byLevel.map((l) => l.people),
      ...p.drivers.bySetting.map((s) => s.users),
      ...p.risk.attachments.map((a) => a.people),
    ];
    for (const c of counts) if (c !== null) expect(c % 5 === 0 && !(c > 0 && c < 8)).toBe(true);
    const withheld = p.baselines.cells.filter((c) => c.users === null);
    expect(withheld.length).toBeGreaterThan(0);
    const listed = new Set(
      p.disclosure.suppressed.filter((s) => s.table === 'baselines.cells').map((s) => s.key),
    );
    for (const c of withheld) expect(listed.has(`${c.segment} x ${c.line}`)).toBe(true);
    const { scenario } = writeBaselines(p, null, { provenance: [] });
    const spend = calculate(scenario).years[0]!.wholePopulationSpend;
    expect(Math.abs(spend / p.baselines.reconciliation.extractSpend! - 1)).toBeLessThan(0.01);
  });
});

describe('bad input in a generated extract', () => {
  it('counts every injected bad row under its reason', async () => {
    const out = tempDir('pacs-synth-bad-');
    const t = await generateExtract({
      icb: 'QOC',
      people: 2_000,
      seed: 3,
      years: [BASE],
      out,
      format: 'csv',
      bom: true,
      split: 'month',
      peopleFiles: 2,
      bad: 7,
    });
    const a = await readExtract(
      [out],
      dataOptions({ practices: PRACTICE_FILE, icb: 'QOC', threads: '2', memory: '1GB' }).read,
    );
    const got = (q: ExtractAggregates['quality']['people']) =>
      Object.fromEntries(q.rejections.map((r) => [r.reason, r.rows]));
    expect(got(a.quality.people)).toEqual(t.injected.people);
    expect(got(a.quality.activity)).toEqual(t.injected.activity);
    expect(a.quality.people.rowsRead).toBe(t.rows.people);
    expect(a.quality.activity.rowsRead).toBe(t.rows.activity);
  }, 120_000);
});

function spearman(a: number[], b: number[]): number {
  const rank = (xs: number[]) => {
    const order = xs.map((v, i) => ({ v, i })).sort((x, y) => x.v - y.v);
    const r = new Array<number>(xs.length);
    order.forEach((o, k) => {
      r[o.i] = k;
    });
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const d2 = ra.reduce((s, r, i) => s + (r - rb[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}
