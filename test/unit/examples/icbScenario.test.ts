import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildIcbScaleScenario } from '../../../bench/icbScenario.ts';
import { parseCsv } from '../../../shared/core/needIndex/csv.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { spendFile } from '../../../scripts/exampleData/paths.ts';
import { SPEND_UPLIFT_2014_15_TO_2025_26 } from '../../../scripts/exampleData/serviceLines.ts';

describe('buildIcbScaleScenario', () => {
  const s = parseScenario(buildIcbScaleScenario());

  it('is 100 practices, ~500,000 people, 860 segments, 15 lines, 5 years', () => {
    expect(s.population.practices).toHaveLength(100);
    expect(s.population.segments).toHaveLength(860);
    expect(s.serviceLines).toHaveLength(15);
    expect(s.contract.years).toBe(5);
    const people = s.population.practices.reduce((a, p) => a + p.personYears.reduce((x, v) => x + v, 0), 0);
    expect(Math.abs(people - 500_000)).toBeLessThan(25_000);
  });

  it('single-year cell male 30, quintile 5 equals the CSV three columns / population, uplifted', () => {
    const t = parseCsv(readFileSync(spendFile, 'utf8'));
    const at = (name: string) => t.header.indexOf(name);
    const row = t.rows.find(
      (r) => r[at('age')] === '30' && r[at('sex')] === 'M' && r[at('imd_quintile')] === '5',
    )!;
    const spend = ['inpatient_gbp', 'outpatient_gbp', 'gp_and_prescribing_gbp'].reduce(
      (a, c) => a + Number(row[at(c)]),
      0,
    );
    const direct = spend / Number(row[at('population')]);
    const i = s.population.segments.findIndex((x) => x.id === '30_M_q5');
    const total = s.serviceLines.reduce((a, l) => a + l.baselinePppy[i]!, 0);
    expect(total / SPEND_UPLIFT_2014_15_TO_2025_26).toBeCloseTo(direct, 1);
  });
});
