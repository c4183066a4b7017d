import { describe, expect, it } from 'vitest';
import { CalcRequest } from '../../../shared/contract/wire/calc.ts';
import { SaveScenarioRequest } from '../../../shared/contract/wire/scenarios.ts';
import { parseScenario, parseWith } from '../../../shared/core/scenario/validate.ts';
import { callerFromClaims } from '../../../functions/auth/claims.ts';
import { problemsOf as problems, scenarioWith } from '../../support/rejection.ts';

// Issue 9, point 8: text fields reject control characters (CR, LF, NUL, ESC, ...) and the bidirectional overrides
// and isolates (U+202E and its family), naming the invisible character by code point; multi-line text keeps its
// line breaks.

const RLO = '\u202e';

describe('issue 9 point 8: text fields refuse control and bidi-override characters', () => {
  it.each([
    ['carriage return', 'Budget\rPlan', 'U+000D (carriage return) at character 7'],
    ['line feed', 'Budget\nPlan', 'U+000A (line feed) at character 7'],
    ['NUL', 'Budget\u0000', 'U+0000 (NUL) at character 7'],
    ['right-to-left override', `Budget ${RLO}nalp`, 'U+202E (right-to-left override) at character 8'],
    ['escape (terminal colour codes)', '\u001b[31mBudget', 'U+001B (escape) at character 1'],
    ['right-to-left isolate', '\u2067x', 'U+2067 (right-to-left isolate) at character 1'],
    ['C1 control', 'a\u0085b', 'U+0085 (control character) at character 2'],
  ])('a scenario name with a %s', (_what, name, found) => {
    expect(
      problems(() =>
        parseScenario(
          scenarioWith((s) => {
            s.name = name;
          }),
        ),
      ),
    ).toEqual([
      {
        field: 'name',
        message: `must not contain control or bidirectional-formatting characters: found ${found}`,
      },
    ]);
  });

  it('every name and reason in the document is checked', () => {
    const p = problems(() =>
      parseScenario(
        scenarioWith((s) => {
          s.population.neighbourhoods[0].name = `North${RLO}`;
          s.population.practices[1].name = 'Practice\tB';
          s.providers[0].name = 'GP\u0000Federation';
          s.serviceLines[2].name = 'Specialised\n';
          s.serviceLines[2].carveOut = { kind: 'other', reason: `paid${RLO} outside` };
          s.population.exclusions = [{ reason: 'out\rof area', personYears: 1 }];
          s.notes = ['fine', `not${RLO} fine`];
        }),
      ),
    ).map((x) => x.field);
    expect(p.sort()).toEqual(
      [
        'population.neighbourhoods[0].name',
        'population.practices[1].name',
        'providers[0].name',
        'serviceLines[2].name',
        'serviceLines[2].carveOut.reason',
        'population.exclusions[0].reason',
        'notes[1]',
      ].sort(),
    );
  });

  it('multi-line text (description, notes) keeps line breaks and tabs, but not the rest', () => {
    const ok = parseScenario(
      scenarioWith((s) => {
        s.description = 'Line one\r\nLine two\n\tindented';
      }),
    );
    expect(ok.description).toBe('Line one\r\nLine two\n\tindented');
    expect(
      parseScenario(
        scenarioWith((s) => {
          s.notes = ['source:\nNHS England'];
        }),
      ).notes,
    ).toEqual(['source:\nNHS England']);
    expect(
      problems(() =>
        parseScenario(
          scenarioWith((s) => {
            s.description = `a\n${RLO}b`;
          }),
        ),
      ),
    ).toEqual([
      {
        field: 'description',
        message:
          'must not contain control or bidirectional-formatting characters: found U+202E (right-to-left override) at character 3',
      },
    ]);
  });

  it('a save summary and a calculation id', () => {
    expect(
      problems(() => parseWith(SaveScenarioRequest, { scenario: {}, summary: 'fixed\r\nsigned: CFO' })),
    ).toEqual([
      {
        field: 'summary',
        message:
          'must not contain control or bidirectional-formatting characters: found U+000D (carriage return) at character 6',
      },
    ]);
    expect(
      problems(() => parseWith(CalcRequest, { ops: [{ id: `a${RLO}`, fn: 'VERSION' }] }))[0]!.field,
    ).toBe('ops[0].id');
  });

  it('ordinary text from everywhere passes: accents, Welsh, Arabic, emoji, punctuation', () => {
    const name = "Ysbyty Gwynedd – Bro Ddyfi & Môn (NHS) — 'test' ✓ مستشفى 🏥";
    expect(
      parseScenario(
        scenarioWith((s) => {
          s.name = name;
        }),
      ).name,
    ).toBe(name);
  });

  it('a display name from a sign-in token cannot be refused, so its controls are removed', () => {
    const caller = callerFromClaims(
      { scp: 'access', roles: ['Org.RXX'], oid: 'u1', name: `Alice${RLO}\r\n Smith` },
      { requiredScope: 'access', orgRolePrefix: 'Org.' },
    );
    expect(caller.name).toBe('Alice Smith');
  });
});
