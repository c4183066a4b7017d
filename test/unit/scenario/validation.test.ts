import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';

/** Parses and returns the problems, failing the test if the document was accepted. */
function problems(input: unknown) {
  try {
    parseScenario(input);
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

const base = tinyScenario();
// biome-ignore lint/suspicious/noExplicitAny: tests mutate a deep clone freely
type Mutable = Record<string, any>;
const mutate = (fn: (s: Mutable) => void) => {
  const copy = structuredClone(base) as Mutable;
  fn(copy);
  return copy;
};

describe('scenario validation names the field and the problem', () => {
  it('accepts the fixture', () => {
    expect(parseScenario(base).name).toBe('Tiny PACS');
  });

  it.each([
    [
      'wrong schema version',
      (s: Mutable) => {
        s.schemaVersion = 2;
      },
      'schemaVersion',
      /1/,
    ],
    [
      'unknown contract form',
      (s: Mutable) => {
        s.contract.form = 'half';
      },
      'contract.form',
      /virtual/,
    ],
    [
      'base year form',
      (s: Mutable) => {
        s.contract.baseYear = '2025';
      },
      'contract.baseYear',
      /2025\/26/,
    ],
    [
      'negative person-years',
      (s: Mutable) => {
        s.population.practices[1].personYears[0] = -5;
      },
      'population.practices[1].personYears[0]',
      /0/,
    ],
    [
      'misaligned person-years',
      (s: Mutable) => s.population.practices[0].personYears.push(1),
      'population.practices[0].personYears',
      /3 values but there are 2 segments/,
    ],
    [
      'unknown neighbourhood',
      (s: Mutable) => {
        s.population.practices[0].neighbourhood = 'east';
      },
      'population.practices[0].neighbourhood',
      /unknown neighbourhood "east"/,
    ],
    [
      'unknown provider',
      (s: Mutable) => {
        s.serviceLines[1].providers[0].provider = 'nobody';
      },
      'serviceLines[1].providers[0].provider',
      /unknown provider/,
    ],
    [
      'provider shares',
      (s: Mutable) => {
        s.serviceLines[0].providers[0].share = 0.5;
      },
      'serviceLines[0].providers',
      /sum to 0.5, not 1/,
    ],
    [
      'misaligned baseline',
      (s: Mutable) => {
        s.serviceLines[2].baselinePppy = [1];
      },
      'serviceLines[2].baselinePppy',
      /1 values but there are 2 segments/,
    ],
    [
      'unknown category',
      (s: Mutable) => {
        s.serviceLines[0].category = 'dentistry';
      },
      'serviceLines[0].category',
      /core_primary_medical/,
    ],
    [
      'duplicate ids',
      (s: Mutable) => {
        s.serviceLines[1].id = 'gp';
      },
      'serviceLines[1].id',
      /duplicate service line id "gp"/,
    ],
    [
      'per-year array length',
      (s: Mutable) => {
        s.trajectory = { costUplift: [0.01, 0.02, 0.03] };
      },
      'trajectory.costUplift',
      /3 values but the contract has 2 years/,
    ],
    [
      'missing need index',
      (s: Mutable) => {
        s.need = { method: 'weighted_capitation' };
        delete s.population.practices[1].needIndex;
      },
      'population.practices[1].needIndex',
      /required/,
    ],
    [
      'measure weights',
      (s: Mutable) => {
        s.outcomes = { withholdRate: 0.1, measures: [{ id: 'a', name: 'A', weight: 0.5 }] };
      },
      'outcomes.measures',
      /sum to 0.5, not 1/,
    ],
    [
      'withhold too big',
      (s: Mutable) => {
        s.outcomes = { withholdRate: 0.9, measures: [{ id: 'a', name: 'A', weight: 1 }] };
      },
      'outcomes.withholdRate',
      /0.5/,
    ],
    [
      'bands out of order',
      (s: Mutable) => {
        s.riskShare = {
          gain: {
            bands: [
              { upTo: 0.1, providerRate: 1 },
              { upTo: 0.05, providerRate: 0.5 },
              { upTo: null, providerRate: 0 },
            ],
          },
          loss: { bands: [{ upTo: null, providerRate: 1 }] },
        };
      },
      'riskShare.gain.bands[1].upTo',
      /above the previous/,
    ],
    [
      'forced GP scope in a partial contract',
      (s: Mutable) => {
        s.contract.form = 'partially_integrated';
        s.serviceLines[0].inScope = true;
      },
      'serviceLines[0].inScope',
      /exclude core primary medical care/,
    ],
    [
      'deficit profile length',
      (s: Mutable) => {
        s.trajectory = { deficit: { amount: 10, recoveryYears: 3, profile: [0.5] } };
      },
      'trajectory.deficit.profile',
      /recoveryYears is 3/,
    ],
    [
      'string for a number',
      (s: Mutable) => {
        s.serviceLines[0].baselinePppy[1] = '300';
      },
      'serviceLines[0].baselinePppy[1]',
      /number/,
    ],
    [
      'preset option of the wrong type',
      (s: Mutable) => {
        s.riskShare = { preset: 'aca_1342', gainCapRate: 'ten per cent' };
      },
      'riskShare.gainCapRate',
      /expected number/,
    ],
    [
      'per-year rate that is text',
      (s: Mutable) => {
        s.trajectory = { efficiency: 'two per cent' };
      },
      'trajectory.efficiency',
      /one rate per contract year/,
    ],
  ])('%s', (_name, change, field, message) => {
    const found = problems(mutate(change));
    const match = found.find((p) => p.field === field);
    expect(match, `problems were: ${JSON.stringify(found)}`).toBeDefined();
    expect(match!.message).toMatch(message);
  });

  it('rejects non-objects with a document-level message', () => {
    expect(problems('not a scenario')[0]!.field).toBe('');
    expect(problems(null)[0]!.message).toMatch(/object/);
  });
});
