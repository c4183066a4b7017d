import type { PracticeRow } from '../shared/core/needIndex/index.ts';
import type { ScenarioInput } from '../shared/core/scenario/index.ts';
import { buildPlaceData } from '../scripts/exampleData/placeData.ts';
import { readPracticeRows, readSpendTable } from '../scripts/exampleData/readData.ts';
import { singleYearBands } from '../scripts/exampleData/segments.ts';
import { DETAILED_LINES } from '../scripts/exampleData/serviceLines.ts';

const ICB = 'QOP'; // NHS Greater Manchester ICB: 427 practices, enough to find 100 with ~500,000 people
const PRACTICES = 100;
const TARGET_PEOPLE = 500_000;
const YEARS = 5;

/** The 100 practices of the ICB that are consecutive by list size and whose lists add up closest to the target:
 *  real practices, a realistic size mix, and a deterministic choice. */
export function choosePractices(rows: readonly PracticeRow[]): PracticeRow[] {
  const sorted = rows
    .filter((r) => r.icbCode === ICB)
    .sort((a, b) => a.population - b.population || (a.code < b.code ? -1 : 1));
  let best = 0;
  let bestGap = Number.POSITIVE_INFINITY;
  let window = sorted.slice(0, PRACTICES).reduce((a, r) => a + r.population, 0);
  for (let start = 0; start + PRACTICES <= sorted.length; start++) {
    if (start > 0) window += sorted[start + PRACTICES - 1]!.population - sorted[start - 1]!.population;
    if (Math.abs(window - TARGET_PEOPLE) < bestGap) {
      bestGap = Math.abs(window - TARGET_PEOPLE);
      best = start;
    }
  }
  return sorted.slice(best, best + PRACTICES);
}

/** An ICB-scale scenario for benchmarks: ~500,000 people in 100 real Greater Manchester practices, neighbourhoods
 *  by local authority, 86 single ages x 2 sexes x 5 IMD quintiles = 860 segments, 15 service lines, 5 years.
 *  Built in memory (reads the two CSVs synchronously); nothing is written. */
export function buildIcbScaleScenario(): ScenarioInput {
  const rows = readPracticeRows();
  const chosen = choosePractices(rows);
  const places = [...new Set(chosen.map((r) => r.text.LAD21 ?? ''))].sort();
  const groups = places.map((lad, i) => {
    const practices = chosen.filter((r) => r.text.LAD21 === lad).sort((a, b) => (a.code < b.code ? -1 : 1));
    return { id: `n${i + 1}`, name: practices[0]?.text.LTLA21 ?? lad, practices };
  });
  const data = buildPlaceData(rows, readSpendTable(), {
    icb: ICB,
    groups,
    bands: singleYearBands(),
    rules: DETAILED_LINES,
  });
  const owner = (category: string) =>
    category === 'core_primary_medical' || category === 'other_primary_care' || category === 'prescribing'
      ? 'gp_fed'
      : category === 'community' || category === 'continuing_healthcare'
        ? 'community'
        : category === 'mental_health'
          ? 'mh'
          : 'acute';
  return {
    schemaVersion: 1,
    name: 'Greater Manchester ICB-scale benchmark',
    contract: { form: 'fully_integrated', years: YEARS, baseYear: '2025/26' },
    population: {
      segments: data.segments,
      neighbourhoods: data.neighbourhoods,
      practices: data.practices,
      growth: { rate: 0.004 },
    },
    providers: [
      { id: 'gp_fed', name: 'GP federation', kind: 'gp_federation' },
      {
        id: 'acute',
        name: 'Acute trust',
        kind: 'acute_trust',
        payment: { type: 'fixed_variable', variableRate: 1, unitPrice: 4000, plannedActivity: 50_000 },
      },
      { id: 'community', name: 'Community trust', kind: 'community_trust' },
      {
        id: 'mh',
        name: 'Mental health trust',
        kind: 'mental_health_trust',
        payment: { type: 'block_share', share: 0.08 },
      },
    ],
    serviceLines: data.lines.map(({ rule, baselinePppy }) => ({
      id: rule.id,
      name: rule.name,
      category: rule.category,
      providers: [{ provider: owner(rule.category), share: 1 }],
      baselinePppy,
      ...(rule.category === 'high_cost_drugs_devices'
        ? { carveOut: { kind: 'high_cost_low_frequency' as const } }
        : {}),
    })),
    need: { method: 'weighted_capitation', normalise: 'none' },
    convergence: { pace: 0.25 },
    trajectory: { costUplift: 0.0483, efficiency: 0.02, nonDemographicGrowth: 0.015 },
    outcomes: {
      withholdRate: 0.1,
      measures: [
        { id: 'm1', name: 'Emergency admissions', weight: 0.5 },
        { id: 'm2', name: 'Patient experience', weight: 0.5 },
      ],
    },
    riskShare: { preset: 'nhs_symmetric_50_50' },
    notes: ['Benchmark input: same data derivation as examples/ (see examples/README.md), single-year ages.'],
  };
}
