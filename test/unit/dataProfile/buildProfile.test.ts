import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../../shared/core/dataProfile/index.ts';
import { DEFAULT_NEED_RULE } from '../../../shared/core/dataProfile/index.ts';
import { MAPPING, SEGMENTATION, tinyAggregates } from './fixtures.ts';

/* Every expected figure below is worked by hand from fixtures.ts (the arithmetic is in the comments). */

const profile = () =>
  buildProfile(tinyAggregates(), {
    mapping: MAPPING,
    needRule: DEFAULT_NEED_RULE,
    segmentation: SEGMENTATION,
    disclosure: { suppressBelow: 8, roundTo: 5 },
  });

const cell = (p: ReturnType<typeof profile>, segment: string, line: string) =>
  p.baselines.cells.find((c) => c.segment === segment && c.line === line)!;

describe('data profile from aggregates', () => {
  it('segments: age band x level of need, in order, only those with people in the base year', () => {
    expect(profile().segments.map((s) => s.id)).toEqual(['0-64_n1', '0-64_n2', '65plus_n3', '65plus_n4']);
    expect(profile().segments[3]).toEqual({ id: '65plus_n4', ageFrom: 65, sex: 'all', needLevel: 4 });
  });

  it('baselines: PPPY = spend / person-years; a segment of fewer than 8 people is withheld', () => {
    const p = profile();
    expect(cell(p, '0-64_n1', 'core_primary_medical')).toMatchObject({
      users: 60,
      events: 180,
      spend: 12_000,
      pppy: 120,
    });
    expect(cell(p, '65plus_n3', 'acute_elective').pppy).toBe(30_000 / 40);
    expect(p.baselines.bySegment.find((s) => s.segment === '65plus_n4')).toEqual({
      segment: '65plus_n4',
      people: null,
      personYears: null,
      spend: null,
      pppy: null,
    });
    expect(p.baselines.total).toEqual({ people: 195, personYears: 195, spend: 155_000, pppy: 155_000 / 195 });
  });

  it('a withheld cell is filled from the first publishable enclosing group, keeping level of need longest', () => {
    const p = profile();
    // 0-64_n2 x elective: 3 users. All ages at level 2 is the same 3 users, so everyone: 98,000 / 195.
    expect(cell(p, '0-64_n2', 'acute_elective')).toMatchObject({
      users: null,
      spend: null,
      pppy: null,
      filledFrom: 'all people',
    });
    expect(cell(p, '0-64_n2', 'acute_elective').scenarioPppy).toBeCloseTo(98_000 / 195, 9);
    // 65plus_n4 has 5 people: every line is filled; level 4 at all ages is the same 5 people, so everyone.
    expect(cell(p, '65plus_n4', 'core_primary_medical').scenarioPppy).toBeCloseTo(57_000 / 195, 9);
    expect(p.disclosure.suppressed).toContainEqual({
      table: 'baselines.cells',
      key: '0-64_n2 x acute_elective',
      reason: 'users below threshold',
    });
  });

  it('reconciliation: rounded person-years x scenario PPPY, and with cost indices exactly the extract spend', () => {
    const r = profile().baselines.reconciliation;
    const filled = 98_000 / 195;
    const expected = 100 * (120 + 80) + 50 * (100 + filled) + 40 * (750 + 750) + 5 * (57_000 / 195 + filled);
    expect(r.scenarioSpend).toBeCloseTo(expected, 6);
    expect(r.extractSpend).toBe(155_000);
    expect(r.difference).toBeCloseTo(expected - 155_000, 6);
    // Every practice x line has 8+ users, so every one carries an index and the budget is the actual spend.
    expect(r.scenarioSpendWithCostIndex).toBeCloseTo(155_000, 6);
  });

  it("practices: person-years by segment and each line's historical cost index", () => {
    const [p1, p2] = profile().population.practices;
    expect(p1).toMatchObject({
      code: 'P1',
      name: 'Practice One',
      pcnCode: 'U1',
      needIndex: 1.2,
      personYears: [60, 30, 20, 0],
    });
    expect(p2!.personYears).toEqual([40, 20, 20, 5]);
    const filled = 98_000 / 195;
    // P1 core: 23,000 / (60 x 120 + 30 x 100 + 20 x 750) = 23,000 / 25,200.
    expect(p1!.costIndex.core_primary_medical).toBeCloseTo(23_000 / 25_200, 12);
    expect(p1!.costIndex.acute_elective).toBeCloseTo(34_000 / (60 * 80 + 30 * filled + 20 * 750), 12);
    expect(p2!.costIndex.core_primary_medical).toBeCloseTo(
      34_000 / (40 * 120 + 20 * 100 + 20 * 750 + (5 * 57_000) / 195),
      12,
    );
  });

  it('levels of need: people and spend shares; a level of fewer than 8 people is withheld', () => {
    const levels = profile().levels.byLevel;
    expect(levels[0]).toMatchObject({
      level: 1,
      people: 100,
      shareOfPeople: 100 / 195,
      shareOfSpend: 20_000 / 155_000,
      pppy: 200,
    });
    expect(levels[3]).toMatchObject({ level: 4, people: null, shareOfPeople: null, spend: null });
  });

  it("drivers: each practice's need-weighted expected spend, case mix and utilisation", () => {
    const d = profile().drivers;
    // Need-weighted person-years: P1 110 x 1.2 = 132, P2 85 x 0.8 = 68 (of 200); total spend 155,000.
    const [p1, p2] = d.byPractice;
    expect(p1!.practice).toBe('P1');
    expect(p1!.expectedSpend).toBeCloseTo((155_000 * 132) / 200, 6);
    expect(p1!.difference).toBeCloseTo(57_000 - 102_300, 6);
    // At the population's rates by age band (0-64: 45,000 / 150 = 300; 65+: 110,000 / 45):
    const p1AtRates = 90 * 300 + (20 * 110_000) / 45;
    expect(p1!.caseMix).toBeCloseTo(p1AtRates - 102_300, 6);
    expect(p1!.utilisation).toBeCloseTo(57_000 - p1AtRates, 6);
    expect(p1!.topSegments[0]).toEqual({
      name: '65plus_all',
      amount: expect.closeTo(30_000 - (20 * 110_000) / 45, 6),
    });
    expect(p2!.difference).toBeCloseTo(98_000 - 52_700, 6);
    expect(d.byAgeBand.find((g) => g.group === '0-64')).toMatchObject({
      people: 150,
      shareOfPersonYears: 150 / 195,
      shareOfSpend: 45_000 / 155_000,
      pppy: 300,
      index: expect.closeTo(300 / (155_000 / 195), 12),
    });
    expect(d.bySetting[0]).toMatchObject({
      setting: 'EL',
      line: 'acute_elective',
      spend: 98_000,
      costPerEvent: 98_000 / 111,
    });
  });

  it('risk: Hill index, concentration and attachments, small groups withheld', () => {
    const r = profile().risk;
    expect(r.tail).toEqual({
      quantile: 0.9,
      threshold: 2_500,
      exceedances: 20,
      alpha: 2,
      standardError: 2 / Math.sqrt(20),
    });
    expect(r.concentration).toEqual({ top1: null, top5: 0.5, bottom50: expect.closeTo(0.03, 12) });
    expect(r.zeroCostShare).toBeCloseTo(40 / 195, 12);
    expect(r.attachments[0]).toMatchObject({ attachment: 25_000, people: null, meanExcess: null });
    expect(r.attachments[1]).toMatchObject({
      attachment: 50_000,
      people: 0,
      perThousand: 0,
      meanExcess: null,
    });
    expect(r.fit.percentiles.find((f) => f.percentile === 0.99)!.data).toBeNull();
    // Segment CV from the second moment: 0-64_n1 has sum of squares 100 x 300^2, mean 200.
    expect(r.bySegment[0]).toMatchObject({
      segment: '0-64_n1',
      mean: 200,
      cv: expect.closeTo(Math.sqrt(300 ** 2 - 200 ** 2) / 200, 12),
    });
    expect(r.calibration.zeroProbBySegment['0-64_n1']).toBeCloseTo(0.4, 12);
  });

  it('trend: compound growth of standardised spend per person-year, overall and by line', () => {
    const t = profile().trend!;
    expect(t.years).toEqual(['2023/24', '2024/25']);
    expect(t.standardisedPppy.growth).toBeCloseTo(155 / 140 - 1, 12);
    expect(t.byLine.find((r) => r.name === 'core_primary_medical')!.growth).toBeCloseTo(57 / 49 - 1, 12);
    expect(t.trajectory.byLine.acute_elective).toBeCloseTo(98 / 91 - 1, 12);
    expect(t.trajectory.populationGrowth).toBe(0);
    expect(t.bySegmentLine.find((r) => r.name === '0-64_all' && r.line === 'acute_elective')!.byYear).toEqual(
      [25_000 / 150, 28_000 / 150],
    );
  });

  it('a profile with one year has no trend', () => {
    const aggs = tinyAggregates();
    aggs.years = ['2024/25'];
    aggs.segmentYears = aggs.segmentYears.filter((r) => r.year === '2024/25');
    expect(
      buildProfile(aggs, {
        mapping: MAPPING,
        needRule: DEFAULT_NEED_RULE,
        segmentation: SEGMENTATION,
        disclosure: { suppressBelow: 8, roundTo: 5 },
      }).trend,
    ).toBeNull();
  });
});
