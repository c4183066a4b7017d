import type { RiskShareInput } from '../../shared/core/scenario/riskShare.ts';
import type { ScenarioInput } from '../../shared/core/scenario/scenario.ts';
import { parseScenario } from '../../shared/core/scenario/validate.ts';
import type { Scenario } from '../../shared/core/scenario/scenario.ts';
import type { SimulationOptionsInput } from '../../shared/core/simulation/options.ts';

/** One segment of `people` people costing `pppy` a year each on one line, one provider, the given risk share. */
export function oneSegmentScenario(people: number, pppy: number, riskShare: RiskShareInput): Scenario {
  const input: ScenarioInput = {
    schemaVersion: 1,
    name: 'one segment',
    contract: { form: 'fully_integrated', years: 1, baseYear: '2025/26' },
    population: {
      segments: [{ id: 'all', ageFrom: 0, sex: 'all' }],
      neighbourhoods: [{ id: 'n', name: 'N' }],
      practices: [{ id: 'p', name: 'P', neighbourhood: 'n', personYears: [people] }],
    },
    providers: [{ id: 'prov', name: 'Provider', kind: 'other' }],
    serviceLines: [
      {
        id: 'line',
        name: 'Line',
        category: 'acute_non_elective',
        providers: [{ provider: 'prov', share: 1 }],
        baselinePppy: [pppy],
      },
    ],
    need: { method: 'none' },
    riskShare,
  };
  return parseScenario(input);
}

/** Providers bear 100% of the result: no threshold, no cap. */
export const FULL_RISK: RiskShareInput = {
  gain: { bands: [{ upTo: null, providerRate: 1 }] },
  loss: { bands: [{ upTo: null, providerRate: 1 }] },
};

/** No systematic shocks. */
export const NO_SHOCKS: SimulationOptionsInput['shocks'] = {
  trend: { sd: 0 },
  tariff: { sd: 0 },
  epidemic: null,
};

/** |a - b| in units of the combined standard error. */
export function zScore(a: { value: number; se: number }, b: { value: number; se: number }): number {
  const se = Math.sqrt(a.se * a.se + b.se * b.se);
  return se > 0 ? Math.abs(a.value - b.value) / se : a.value === b.value ? 0 : Number.POSITIVE_INFINITY;
}
