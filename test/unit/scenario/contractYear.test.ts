import { describe, expect, it } from 'vitest';
import { toHttpError } from '../../../functions/http/errorMapping.ts';
import { operationContext } from '../../../shared/contract/operations/catalogue.ts';
import { runBatch } from '../../../shared/contract/operations/runBatch.ts';
import { CalcRequest } from '../../../shared/contract/wire/calc.ts';
import { calculateWithFactors } from '../../../shared/core/engine/calculate.ts';
import { explainBudgetCell } from '../../../shared/core/explain/explainCell.ts';
import { checkYear } from '../../../shared/core/scenario/contractYear.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { prepareSettlement } from '../../../shared/core/settlement/settle.ts';
import { buildModel } from '../../../shared/core/simulation/model.ts';
import { parseSimulationOptions } from '../../../shared/core/simulation/options.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { runCli, tempFile } from '../../support/runCli.ts';

/* One contract-year check with one wording: budgets exist for the base year 0 and contract years 1..T; settlement
 * and simulation only for 1..T. The tiny scenario has T = 2. */

const scenario = parseScenario(tinyScenario());
const BUDGET_RULE = 'must be 0 (the base year) or a contract year from 1 to 2';
const CONTRACT_RULE = 'must be a contract year from 1 to 2';

describe('checkYear', () => {
  it('accepts the years of each range and states the rule with what it got', () => {
    expect([0, 1, 2].map((y) => checkYear(scenario, y, 'base_and_contract'))).toEqual([0, 1, 2]);
    expect([1, 2].map((y) => checkYear(scenario, y, 'contract'))).toEqual([1, 2]);
    expect(() => checkYear(scenario, 3, 'base_and_contract')).toThrow(`year: ${BUDGET_RULE}, got 3`);
    expect(() => checkYear(scenario, 0, 'contract')).toThrow(`year: ${CONTRACT_RULE}, got 0`);
    expect(() => checkYear(scenario, 1.5, 'contract', '--year')).toThrow(`--year: ${CONTRACT_RULE}, got 1.5`);
  });

  it('every boundary says it in the same words', async () => {
    const calculation = calculateWithFactors(scenario);
    const cell = { line: 'acute', neighbourhood: 'n1', segment: 'over65' };
    expect(() => explainBudgetCell(scenario, calculation, { ...cell, year: 3 })).toThrow(BUDGET_RULE);
    expect(() => prepareSettlement(scenario, 0, calculation.result)).toThrow(CONTRACT_RULE);
    expect(() => buildModel(scenario, parseSimulationOptions({ year: 3 }), calculation.result)).toThrow(
      CONTRACT_RULE,
    );

    const ref = 's_abcdefghijklmnopqrst@1';
    const batch = await runBatch(
      CalcRequest.parse({
        ops: [
          { id: 'cap', fn: 'CAPITATION', args: [ref, 3] },
          { id: 'settle', fn: 'SETTLE', args: [ref, 0, 1_000] },
        ],
      }),
      async () => operationContext(scenario),
      (e) => toHttpError(e).body.error,
    );
    expect(batch.results.map((r) => (r.ok ? '' : r.error.message))).toEqual([
      `year: ${BUDGET_RULE}, got 3`,
      `year: ${CONTRACT_RULE}, got 0`,
    ]);

    const file = tempFile('tiny.json', tinyScenario());
    expect((await runCli(['calc', file, '--year', '3'])).stderr).toContain(`--year: ${BUDGET_RULE}, got 3`);
    expect((await runCli(['settle', file, '--year', '0', '--actual', '1'])).stderr).toContain(
      `--year: ${CONTRACT_RULE}, got 0`,
    );
  });
});
