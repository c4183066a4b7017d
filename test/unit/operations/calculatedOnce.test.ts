import { describe, expect, it } from 'vitest';
import { toHttpError } from '../../../functions/http/errorMapping.ts';
import { OPERATIONS, operationContext } from '../../../shared/contract/operations/catalogue.ts';
import { runBatch } from '../../../shared/contract/operations/runBatch.ts';
import { CalcRequest, OperationName } from '../../../shared/contract/wire/calc.ts';
import { calculateWithFactors } from '../../../shared/core/engine/calculate.ts';
import type { Scenario } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

/* "Calculated once per scenario version": a batch holding every operation (each in several forms: every year,
 * every spill, a settlement, an explanation of a figure and of a single budget cell) makes exactly one call to the
 * engine's calculation, and a second batch on the same (cached) version makes none. */

const REF = 's_abcdefghijklmnopqrst@1';
const describeError = (e: unknown) => toHttpError(e).body.error;

function everyOperation(s: Scenario) {
  const cell = `budget.${s.serviceLines[0]!.id}.${s.population.neighbourhoods[0]!.id}.${s.population.segments[0]!.id}`;
  const args: Record<OperationName, unknown[][]> = {
    CAPITATION: [
      [REF, 0],
      [REF, 1],
    ],
    PPPY: [
      [REF, 1],
      [REF, 1, s.population.segments[0]!.id],
    ],
    BUDGET: ['line', 'neighbourhood', 'segment', 'provider'].map((by) => [REF, 1, by]),
    SCOPE: [[REF]],
    WITHHOLD: [[REF, 1]],
    SETTLE: [
      [REF, 1, 4_000_000],
      [REF, 2, 5_000_000],
    ],
    PROVIDERPAY: [[REF, 1]],
    TRAJECTORY: [[REF]],
    // Needs no scenario: practice rows from the workbook.
    NEEDINDEX: [
      [
        'QXX',
        'LTLA21',
        null,
        [
          ['ICS22', 'LTLA21', 'pop 2022/23', 'Final WP'],
          ['QXX', 'A', 1000, 1100],
          ['QXX', 'B', 2000, 1900],
        ],
      ],
    ],
    EXPLAIN: [
      [REF, 1],
      [REF, 1, 'budget.contractValue'],
      [REF, 1, cell],
    ],
    MEASURES: [[REF]],
    VERSION: [[]],
  };
  let i = 0;
  return OperationName.options.flatMap((fn) => args[fn].map((a) => ({ id: `op${i++}`, fn, args: a })));
}

describe('calculated once per scenario version', () => {
  const scenario = parseScenario(
    tinyScenario({ outcomes: undefined, trajectory: { deficit: { amount: 100_000, recoveryYears: 2 } } }),
  );

  it('the batch covers every operation of the catalogue', () => {
    const fns = new Set(everyOperation(scenario).map((o) => o.fn));
    expect([...fns].sort()).toEqual(Object.keys(OPERATIONS).sort());
  });

  it('one call to calculate for a batch of every operation, none for the next batch', async () => {
    let calls = 0;
    const ctx = operationContext(scenario, (s) => {
      calls++;
      return calculateWithFactors(s);
    });
    const request = CalcRequest.parse({ ops: everyOperation(scenario) });
    const first = await runBatch(request, async () => ctx, describeError);
    const failed = first.results.filter((r) => !r.ok);
    expect(failed).toEqual([]);
    expect(calls).toBe(1);
    await runBatch(request, async () => ctx, describeError);
    expect(calls).toBe(1);
  });
});
