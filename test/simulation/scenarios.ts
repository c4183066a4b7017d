import type { RiskShareInput } from '../../shared/scenario/riskShare.ts';
import type { ScenarioInput } from '../../shared/scenario/scenario.ts';

/* Synthetic scenarios for the simulation tests and the benchmark. Segment costs are per person per year (GBP);
 * lines split each segment's cost in fixed proportions. */

interface Spec {
  name: string;
  /** People by segment (spread evenly over `practices` practices). */
  people: number[];
  /** Total in-scope PPPY by segment. */
  pppy: number[];
  practices?: number;
  riskShare: ScenarioInput['riskShare'];
  outcomes?: ScenarioInput['outcomes'];
  distribution?: ScenarioInput['distribution'];
}

const LINES = [
  { id: 'gp', category: 'core_primary_medical', provider: 'fed', share: 0.12 },
  { id: 'community', category: 'community', provider: 'comm', share: 0.13 },
  { id: 'mh', category: 'mental_health', provider: 'mh', share: 0.1 },
  { id: 'elective', category: 'acute_elective', provider: 'acute', share: 0.2 },
  { id: 'nel', category: 'acute_non_elective', provider: 'acute', share: 0.25 },
  { id: 'urgent', category: 'urgent_care', provider: 'acute', share: 0.05 },
  { id: 'outpatients', category: 'outpatients', provider: 'acute', share: 0.07 },
  { id: 'prescribing', category: 'prescribing', provider: 'fed', share: 0.08 },
] as const;

export function syntheticScenario(spec: Spec): ScenarioInput {
  const P = spec.practices ?? 4;
  const S = spec.people.length;
  return {
    schemaVersion: 1,
    name: spec.name,
    contract: { form: 'fully_integrated', years: 2, baseYear: '2025/26' },
    population: {
      segments: spec.people.map((_, s) => ({ id: `s${s}`, ageFrom: s * 5, ageTo: s * 5 + 4, sex: 'all' })),
      neighbourhoods: [
        { id: 'n1', name: 'North' },
        { id: 'n2', name: 'South' },
      ],
      practices: Array.from({ length: P }, (_, p) => ({
        id: `p${p}`,
        name: `Practice ${p}`,
        neighbourhood: p % 2 === 0 ? 'n1' : 'n2',
        personYears: spec.people.map((n) => n / P),
      })),
    },
    providers: [
      { id: 'fed', name: 'GP Federation', kind: 'gp_federation' },
      { id: 'comm', name: 'Community Trust', kind: 'community_trust' },
      { id: 'mh', name: 'Mental Health Trust', kind: 'mental_health_trust' },
      { id: 'acute', name: 'Acute Trust', kind: 'acute_trust' },
    ],
    serviceLines: LINES.map((l) => ({
      id: l.id,
      name: l.id,
      category: l.category,
      providers: [{ provider: l.provider, share: 1 }],
      baselinePppy: spec.pppy.slice(0, S).map((v) => v * l.share),
    })),
    need: { method: 'none' },
    riskShare: spec.riskShare,
    ...(spec.outcomes ? { outcomes: spec.outcomes } : {}),
    ...(spec.distribution ? { distribution: spec.distribution } : {}),
  };
}

/** MSSP-like two-sided corridor: 2% first-dollar threshold, 50% sharing, caps 10% gain / 5% loss, with specific
 *  stop-loss above GBP 50,000 at 90% and an aggregate stop-loss at 110% of the benchmark. */
export const CORRIDOR_WITH_STOP_LOSS: RiskShareInput = {
  label: 'test corridor',
  gain: {
    threshold: { type: 'fixed', rate: 0.02 },
    thresholdMode: 'first_dollar',
    bands: [{ upTo: null, providerRate: 0.5 }],
    capRate: 0.1,
  },
  loss: {
    threshold: { type: 'fixed', rate: 0.02 },
    thresholdMode: 'first_dollar',
    bands: [{ upTo: null, providerRate: 0.5 }],
    capRate: 0.05,
  },
  stopLoss: {
    specific: { attachment: 50_000, coinsurance: 0.9, limit: 250_000 },
    aggregate: { attachmentRate: 1.1, coinsurance: 0.8, limit: null },
  },
};

const WITHHOLD: NonNullable<ScenarioInput['outcomes']> = {
  withholdRate: 0.03,
  measures: [
    { id: 'access', name: 'Access', weight: 0.5, expectedAttainment: 0.8 },
    { id: 'admissions', name: 'Avoidable admissions', weight: 0.5, expectedAttainment: 0.7 },
  ],
  rule: { type: 'linear' },
};

/** A neighbourhood of about 12,000 people: small enough to check against the person-level method. */
export function neighbourhoodScenario(): ScenarioInput {
  return syntheticScenario({
    name: 'Neighbourhood (12k)',
    people: [5200, 3800, 2000, 1000],
    pppy: [600, 1200, 3000, 6500],
    riskShare: CORRIDOR_WITH_STOP_LOSS,
    outcomes: WITHHOLD,
  });
}

/** A place of about 60,000 people under the ACA-style tiered corridor, specific stop-loss at GBP 25,000. */
export function placeScenario(): ScenarioInput {
  return syntheticScenario({
    name: 'Place (60k) tiered corridor',
    people: [30000, 18000, 9000, 3000],
    pppy: [500, 1100, 2800, 7000],
    riskShare: {
      preset: 'aca_1342',
      stopLoss: {
        specific: { attachment: 25_000, coinsurance: 0.8, limit: null },
        aggregate: null,
      },
    },
    outcomes: { ...WITHHOLD, rule: { type: 'gate', threshold: 0.7 }, unearnedTo: 'reinvestment' },
    distribution: { method: 'equal' },
  });
}

/** ICB scale: 1.2 million people in 16 segments, 40 practices, the corridor with stop-loss and a withhold. */
export function icbScenario(): ScenarioInput {
  const people: number[] = [];
  const pppy: number[] = [];
  for (let s = 0; s < 16; s++) {
    people.push(Math.round(1_200_000 * (s < 12 ? 0.07 : 0.04)));
    pppy.push(Math.round(400 * 1.25 ** s));
  }
  return syntheticScenario({
    name: 'ICB (1.2m)',
    people,
    pppy,
    practices: 40,
    riskShare: CORRIDOR_WITH_STOP_LOSS,
    outcomes: WITHHOLD,
  });
}
