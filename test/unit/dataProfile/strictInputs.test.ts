import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAPPING,
  DEFAULT_NEED_RULE,
  NeedRule,
  SettingMapping,
} from '../../../shared/core/dataProfile/index.ts';
import { parseWith } from '../../../shared/core/scenario/validate.ts';
import { problemsOf } from '../../support/rejection.ts';

// Issue 9, points 6, 7 and 8 applied to the files `pacs data` reads (--mapping, --need-rule): an unknown key is an
// error naming it with the key meant, text refuses control and bidirectional-formatting characters, and a
// threshold has a finite bound.

function problems(schema: Parameters<typeof parseWith>[0], input: unknown) {
  return problemsOf(() => parseWith(schema, input, '--mapping'));
}

// biome-ignore lint/suspicious/noExplicitAny: tests edit a deep clone freely
const clone = <T>(v: T) => structuredClone(v) as any;

describe('issue 9 points 6-8: the data mapping and need rule files are strict', () => {
  it('point 7: a misspelt key of a setting is named with the key meant', () => {
    const m = clone(DEFAULT_MAPPING);
    m.settings[0].urgnet = true;
    expect(problems(SettingMapping, m)).toEqual([
      { field: '--mapping.settings[0].urgnet', message: 'unknown field; did you mean `urgent`?' },
    ]);
  });

  it('point 7: a column mapping for a column we do not have is named with the column meant', () => {
    const m = clone(DEFAULT_MAPPING);
    m.columns = { people: { persn_id: 'patient' } };
    const [p] = problems(SettingMapping, m);
    expect(p?.message).toBe('unknown field; did you mean `person_id`?');
    expect(p?.field).toMatch(/^--mapping\.columns\.people/);
  });

  it('point 7: a misspelt key of the need rule', () => {
    const r = clone(DEFAULT_NEED_RULE);
    r.levels[0].anyof = r.levels[0].anyOf;
    expect(problems(NeedRule, r)).toContainEqual({
      field: '--mapping.levels[0].anyof',
      message: 'unknown field; did you mean `anyOf`?',
    });
  });

  it('point 8: a setting name with a right-to-left override is refused, naming the code point', () => {
    const m = clone(DEFAULT_MAPPING);
    m.settings[0].name = 'A&E\u202Eevil';
    expect(problems(SettingMapping, m)).toEqual([
      {
        field: '--mapping.settings[0].name',
        message: expect.stringMatching(/U\+202E \(right-to-left override\) at character 4$/),
      },
    ]);
  });

  it('point 6: a need-rule threshold that is not realistic (1e300 GBP) is refused with its bound', () => {
    const r = clone(DEFAULT_NEED_RULE);
    r.levels[0].anyOf = [{ measure: 'annual_cost', atLeast: 1e300 }];
    expect(problems(NeedRule, r)).toEqual([
      { field: '--mapping.levels[0].anyOf[0].atLeast', message: 'must be at most 100,000,000' },
    ]);
  });

  it('the defaults themselves pass', () => {
    expect(() => parseWith(SettingMapping, DEFAULT_MAPPING)).not.toThrow();
    expect(() => parseWith(NeedRule, DEFAULT_NEED_RULE)).not.toThrow();
  });
});
