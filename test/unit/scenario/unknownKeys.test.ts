import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../../shared/core/base/strictObject.ts';
import { SaveScenarioRequest } from '../../../shared/contract/wire/scenarios.ts';
import { CalcRequest } from '../../../shared/contract/wire/calc.ts';
import { SimulationRequest } from '../../../shared/contract/wire/simulations.ts';
import { Scenario } from '../../../shared/core/scenario/scenario.ts';
import { parseScenario, parseWith } from '../../../shared/core/scenario/validate.ts';
import { Actual } from '../../../shared/core/settlement/actual.ts';
import { SimulationOptions, parseSimulationOptions } from '../../../shared/core/simulation/options.ts';
import { problemsOf as problems, scenarioWith } from '../../support/rejection.ts';

// Issue 9, point 7: typos are not silently ignored. Unknown keys are rejected everywhere input arrives, with the
// path of the key and, when a known key is close, "did you mean `x`?".

describe('issue 9 point 7: unknown keys are rejected with their path and a suggestion', () => {
  it('a misspelt scenario key', () => {
    const p = problems(() =>
      parseScenario(
        scenarioWith((s) => {
          s.nmae = s.name;
          delete s.name;
        }),
      ),
    );
    expect(p).toContainEqual({ field: 'nmae', message: 'unknown field; did you mean `name`?' });
  });

  it('deep inside arrays and unions', () => {
    const p = problems(() =>
      parseScenario(
        scenarioWith((s) => {
          s.population.practices[1].personYear = [1, 2];
          s.riskShare = { preset: 'nhs_symmetric_50_50', gainCapRat: 0.1 };
          s.serviceLines[0].providers[0].shares = 1;
        }),
      ),
    );
    expect(p).toContainEqual({
      field: 'population.practices[1].personYear',
      message: 'unknown field; did you mean `personYears`?',
    });
    expect(p).toContainEqual({
      field: 'riskShare.gainCapRat',
      message: 'unknown field; did you mean `gainCapRate`?',
    });
    expect(p).toContainEqual({
      field: 'serviceLines[0].providers[0].shares',
      message: 'unknown field; did you mean `share`?',
    });
  });

  it('simulation options: `trails` is not run as the default 10,000 trials', () => {
    expect(problems(() => parseSimulationOptions({ trails: 5 }))).toEqual([
      { field: 'trails', message: 'unknown field; did you mean `trials`?' },
    ]);
    expect(
      problems(() =>
        parseWith(SimulationRequest, { scenario: 's_abcdefghijklmnopqrst', options: { trails: 5 } }),
      ),
    ).toEqual([{ field: 'options.trails', message: 'unknown field; did you mean `trials`?' }]);
    expect(problems(() => parseSimulationOptions({ shocks: { trend: { sdd: 0.1 } } }))).toEqual([
      { field: 'shocks.trend.sdd', message: 'unknown field; did you mean `sd`?' },
    ]);
  });

  it('no suggestion when nothing is close: the known keys are listed; several keys are listed together', () => {
    expect(problems(() => parseWith(Actual, { spend: 1, colour: 'red' }))).toEqual([
      {
        field: 'colour',
        message:
          'unknown field (expected one of: spend, highCostPatients, quality, measureAttainment, activity, revenue)',
      },
    ]);
    expect(problems(() => parseWith(Actual, { spend: 1, revenu: 2, zzz: 3 }))).toEqual([
      { field: '', message: 'unknown fields `revenu` (did you mean `revenue`?), `zzz`' },
    ]);
  });

  it('API bodies: a save request, a calculation batch', () => {
    expect(problems(() => parseWith(SaveScenarioRequest, { scenario: {}, sumary: 'x' }))).toEqual([
      { field: 'sumary', message: 'unknown field; did you mean `summary`?' },
    ]);
    expect(problems(() => parseWith(CalcRequest, { ops: [{ id: 'a', fn: 'VERSION', arg: [] }] }))).toEqual([
      { field: 'ops[0].arg', message: 'unknown field; did you mean `args`?' },
    ]);
  });

  it('everywhere: every object of every input schema refuses unknown keys', () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.type === 'object' && o.properties && o.additionalProperties !== false)
          open.push(path || '(root)');
        for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
      }
    };
    const inputs: Record<string, z.ZodType> = {
      Scenario,
      SimulationOptions,
      SimulationRequest,
      SaveScenarioRequest,
      CalcRequest,
      Actual,
    };
    for (const [name, schema] of Object.entries(inputs))
      walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), name);
    expect(open).toEqual([]);
  });
});

describe('edit distance (optimal string alignment, case ignored)', () => {
  it.each([
    ['trails', 'trials', 1], // one adjacent transposition
    ['nmae', 'name', 1],
    ['kitten', 'sitting', 3], // the textbook Levenshtein example: 2 substitutions, 1 insertion
    ['', 'abc', 3],
    ['ca', 'abc', 3], // OSA cannot edit a transposed pair again (unrestricted Damerau-Levenshtein gives 2)
    ['Name', 'name', 0],
  ])('%s -> %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('suggests only a likely typo', () => {
    expect(closestName('trails', ['seed', 'trials', 'year'])).toBe('trials');
    expect(closestName('yr', ['seed', 'trials', 'year'])).toBeUndefined(); // 2 edits from `year`, too short
    expect(closestName('methd', ['method', 'workers'])).toBe('method');
    expect(closestName('colour', ['spend', 'revenue'])).toBeUndefined();
  });
});
