import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/core/base/index.ts';
import { DEFAULT_NEED_RULE, buildProfile, writeBaselines } from '../../../shared/core/dataProfile/index.ts';
import { calculate } from '../../../shared/core/engine/index.ts';
import type { ScenarioInput } from '../../../shared/core/scenario/index.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { MAPPING, SEGMENTATION, tinyAggregates } from './fixtures.ts';

// Disclosure control off so every baseline is the hand-computed rate (fixtures.ts).
const profile = () =>
  buildProfile(tinyAggregates(), {
    mapping: MAPPING,
    needRule: DEFAULT_NEED_RULE,
    segmentation: SEGMENTATION,
    disclosure: { suppressBelow: 1, roundTo: 1 },
  });
const CORE = [12_000 / 100, 5_000 / 50, 30_000 / 40, 10_000 / 5];
const ELECTIVE = [8_000 / 100, 20_000 / 50, 30_000 / 40, 40_000 / 5];

describe('baselines written into a scenario', () => {
  it('a new scenario: segments, practices by PCN, lines with placeholder providers, provenance; it validates', () => {
    const { scenario, document } = writeBaselines(profile(), null, {
      name: 'From data',
      provenance: ['Read on 2025-05-01.'],
    });
    expect(scenario.name).toBe('From data');
    expect(scenario.contract.baseYear).toBe('2024/25');
    expect(scenario.population.segments.map((s) => s.id)).toEqual([
      '0-64_n1',
      '0-64_n2',
      '65plus_n3',
      '65plus_n4',
    ]);
    expect(scenario.population.neighbourhoods).toEqual([
      { id: 'U1', name: 'North PCN' },
      { id: 'unassigned', name: 'Practices not yet in a neighbourhood' },
    ]);
    expect(scenario.population.practices.map((p) => [p.id, p.neighbourhood, p.needIndex])).toEqual([
      ['P1', 'U1', 1.2],
      ['P2', 'unassigned', 0.8],
    ]);
    expect(scenario.serviceLines.find((l) => l.category === 'core_primary_medical')!.baselinePppy).toEqual(
      CORE,
    );
    expect(scenario.serviceLines.find((l) => l.category === 'acute_elective')!.baselinePppy).toEqual(
      ELECTIVE,
    );
    expect(scenario.providers.map((p) => p.kind).sort()).toEqual(['acute_trust', 'gp_federation']);
    expect(scenario.need).toEqual({ method: 'weighted_capitation', normalise: 'none' });
    expect(scenario.notes[0]).toBe('Read on 2025-05-01.');
    expect(scenario.notes.join(' ')).toMatch(/Levels of need: level 4 \(highest needs\)/);
    expect(document.schemaVersion).toBe(1);
  });

  it("the base-year budget is each practice's own spend: person-years x baseline x its cost index", () => {
    const { scenario } = writeBaselines(profile(), null, { provenance: [] });
    const p1 = scenario.serviceLines.find((l) => l.category === 'core_primary_medical')!.practiceCostIndex!
      .P1!;
    // P1 core: 23,000 / (60 x 120 + 30 x 100 + 20 x 750), rounded to 4 decimals.
    expect(p1).toBe(Math.round((23_000 / 25_200) * 1e4) / 1e4);
    // Whole-population base-year spend = the extract's 155,000 (to the rounding of indices to 4 decimals).
    expect(Math.abs(calculate(scenario).years[0]!.wholePopulationSpend - 155_000)).toBeLessThan(20);
  });

  it('an existing scenario keeps its own choices; uncovered lines carry over to the new segments', () => {
    const existing: ScenarioInput = tinyScenario();
    existing.population.practices = [
      { id: 'P1', name: 'Our Practice', neighbourhood: 'n1', personYears: [1000, 200], needIndex: 1.05 },
      { id: 'pB', name: 'Practice B', neighbourhood: 'n2', personYears: [3000, 800] },
    ];
    existing.population.exclusions = [{ reason: 'out of area', practice: 'pB', personYears: 10 }];
    const { scenario, changes } = writeBaselines(profile(), existing, { provenance: ['updated'] });
    expect(scenario.name).toBe('Tiny PACS');
    expect(scenario.riskShare).toEqual(existing.riskShare);
    // P1 keeps its name, neighbourhood and need index; P2 is added; pB (nobody in the extract) goes.
    expect(scenario.population.practices.map((p) => [p.id, p.name, p.neighbourhood, p.needIndex])).toEqual([
      ['P1', 'Our Practice', 'n1', 1.05],
      ['P2', 'Practice Two', 'unassigned', 0.8],
    ]);
    expect(scenario.population.neighbourhoods.map((n) => n.id)).toEqual(['n1', 'unassigned']);
    expect(scenario.population.exclusions).toEqual([]);
    // gp (the scenario's only core line) takes the extract's baselines; acute and spec are not in the extract:
    // each new segment takes the value of the old segment holding it (under65 / over65).
    const line = (id: string) => scenario.serviceLines.find((l) => l.id === id)!;
    expect(line('gp').baselinePppy).toEqual(CORE);
    expect(line('acute').baselinePppy).toEqual([400, 400, 2000, 2000]);
    expect(line('spec').baselinePppy).toEqual([50, 50, 100, 100]);
    // The extract's elective line is new: provided by the scenario's acute trust.
    expect(line('acute_elective').providers).toEqual([{ provider: 'trust', share: 1 }]);
    expect(changes.join('\n')).toMatch(/removed 1 practice\(s\) with nobody in the extract: pB/);
    expect(changes.join('\n')).toMatch(/line acute is not in the extract/);
    expect(scenario.notes.at(-2)).toMatch(/Data quality/);
  });

  it('stops when a line cannot be carried over or matched unambiguously, or need indices are missing', () => {
    const split = tinyScenario();
    split.population.segments = [
      { id: 'under45', ageFrom: 0, ageTo: 44, sex: 'all' },
      { id: 'over45', ageFrom: 45, sex: 'all' },
    ];
    expect(() => writeBaselines(profile(), split, { provenance: [] })).toThrow(
      /cannot be carried to segment 0-64_n1/,
    );

    const twoElective = tinyScenario();
    for (const id of ['el1', 'el2'])
      twoElective.serviceLines.push({
        id,
        name: id,
        category: 'acute_elective',
        providers: [{ provider: 'trust', share: 1 }],
        baselinePppy: [1, 1],
      });
    expect(() => writeBaselines(profile(), twoElective, { provenance: [] })).toThrow(DomainError);

    const weighted = tinyScenario({ need: { method: 'weighted_capitation' } });
    const p = profile();
    delete p.population.practices[1]!.needIndex;
    expect(() => writeBaselines(p, weighted, { provenance: [] })).toThrow(/have no need index \(P2\)/);
  });
});
