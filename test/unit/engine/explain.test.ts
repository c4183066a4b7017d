import { describe, expect, it } from 'vitest';
import { calculateWithFactors } from '../../../shared/core/engine/calculate.ts';
import { explainBudgetCell } from '../../../shared/core/explain/explainCell.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

describe('explain: the derivation of a budget cell', () => {
  const scenario = parseScenario(
    tinyScenario({
      need: { method: 'weighted_capitation' },
      convergence: { pace: 0.5 },
      trajectory: { costUplift: 0.1, deficit: { amount: 300_000, recoveryYears: 2 } },
      // gp starts from each practice's own history (practice cost indices), the other lines from the average.
      serviceLines: tinyScenario().serviceLines.map((l) =>
        l.id === 'gp' ? { ...l, practiceCostIndex: { pA: 1.5, pB: 0.5 } } : l,
      ),
    }),
  );
  const calculation = calculateWithFactors(scenario);

  it('ends on the value calculate() puts in the cube, for every cell', () => {
    const r = calculation.result;
    for (const y of r.years)
      y.budget.lines.forEach((line, l) =>
        y.budget.neighbourhoods.forEach((nb, n) =>
          y.budget.segments.forEach((seg, s) => {
            const steps = explainBudgetCell(scenario, calculation, {
              year: y.year,
              line,
              neighbourhood: nb,
              segment: seg,
            });
            const cell =
              y.budget.values[(l * y.budget.neighbourhoods.length + n) * y.budget.segments.length + s]!;
            expect(steps.at(-1)!.value).toBeCloseTo(cell, 6);
          }),
        ),
      );
  });

  it('shows the hand-checkable factors: acute, North, over-65s, year 1', () => {
    const [practice, cell] = explainBudgetCell(scenario, calculation, {
      year: 1,
      line: 'acute',
      neighbourhood: 'n1',
      segment: 'over65',
    });
    // Practice A: 200 over-65s x 2,000 x 1.1 uplift x (0.5 x 1.2 + 0.5) = 484,000
    expect(practice!.value).toBeCloseTo(200 * 2_000 * 1.1 * 1.1, 6);
    expect(practice!.inputs).toMatchObject({
      personYears: 200,
      baselinePppy: 2_000,
      needIndex: 1.2,
      alpha: 0.5,
    });
    expect(cell!.inputs.inScope).toBe(true);
  });

  it('names the unknown field', () => {
    expect(() =>
      explainBudgetCell(scenario, calculation, {
        year: 1,
        line: 'dental',
        neighbourhood: 'n1',
        segment: 'over65',
      }),
    ).toThrow(/line: unknown service line "dental"/);
  });
});
