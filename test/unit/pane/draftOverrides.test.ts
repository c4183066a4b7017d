// Unsaved changes as what-if overrides: applied by the engine's own override rule to the saved version, they
// give back the draft exactly.
import { describe, expect, it } from 'vitest';
import { draftOverrides } from '../../../addin/src/pane/core/draftOverrides.ts';
import { applyOverrides } from '../../../shared/contract/operations/index.ts';
import { parseScenario } from '../../../shared/core/scenario/index.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

const base = parseScenario(tinyScenario());

describe('draft changes as overrides', () => {
  it('names single fields by path, lists by index', () => {
    const draft = structuredClone(base);
    draft.trajectory.efficiency = 0.03;
    draft.serviceLines[1]!.baselinePppy[0] = 450;
    draft.contract.form = 'partially_integrated';
    expect(draftOverrides(base, draft)).toEqual([
      { path: 'contract.form', value: 'partially_integrated' },
      { path: 'serviceLines[1].baselinePppy[0]', value: 450 },
      { path: 'trajectory.efficiency', value: 0.03 },
    ]);
  });

  it('sends a part whose fields were added or removed, or keyed by ids, whole as JSON', () => {
    const draft = structuredClone(base);
    draft.serviceLines[2]!.carveOut = { kind: 'high_cost_low_frequency' };
    draft.population.practices.pop();
    draft.outcomes = {
      withholdRate: 0.05,
      measures: [{ id: 'm1', name: 'A', weight: 1, expectedAttainment: 1 }],
      rule: { type: 'linear' },
      unearnedTo: 'commissioner',
    };
    expect(draftOverrides(base, draft)).toEqual([
      { path: 'population.practices', value: JSON.stringify(draft.population.practices) },
      { path: 'serviceLines[2]', value: JSON.stringify(draft.serviceLines[2]) },
      { path: 'outcomes', value: JSON.stringify(draft.outcomes) },
    ]);
  });

  it('cannot remove a top-level field, and groups by top-level field past the limit', () => {
    const withOutcomes = parseScenario(
      tinyScenario({
        outcomes: { withholdRate: 0.1, measures: [{ id: 'm', name: 'M', weight: 1 }] },
      }),
    );
    const { outcomes: _o, ...without } = withOutcomes;
    expect(draftOverrides(withOutcomes, without)).toBeNull();
    const draft = structuredClone(base);
    draft.population.practices.forEach((p) => {
      p.personYears = p.personYears.map((y) => y + 1);
    });
    expect(draftOverrides(base, draft, 3)).toEqual([
      { path: 'population', value: JSON.stringify(draft.population) },
    ]);
    expect(draftOverrides(base, structuredClone(base))).toEqual([]);
  });

  it("gives back the draft exactly when the engine's own override rule applies them to the saved version", () => {
    const draft = structuredClone(base);
    draft.trajectory.efficiency = 0.03;
    draft.serviceLines[2]!.carveOut = { kind: 'high_cost_low_frequency' };
    draft.population.practices[0]!.personYears = [900, 250];
    draft.riskShare = { preset: 'aca_1342', gainCapRate: 0.1 };
    draft.population.neighbourhoods[0]!.name = '[North] neighbourhood';
    const overrides = draftOverrides(base, draft)!;
    expect(overrides).toContainEqual({
      path: 'population.neighbourhoods[0]',
      value: JSON.stringify(draft.population.neighbourhoods[0]),
    });
    expect(applyOverrides(base, overrides)).toEqual(draft);
    // Text a cell would read as JSON cannot travel alone at the top level: the draft must be saved to be priced.
    expect(draftOverrides(base, { ...base, name: '[draft] tiny' })).toBeNull();
  });
});
