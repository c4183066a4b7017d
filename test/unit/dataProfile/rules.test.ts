import { describe, expect, it } from 'vitest';
import { costRankThresholdsSql, needRuleSql, ageBandsSql } from '../../../cli/data/sql.ts';
import { ValidationError } from '../../../shared/core/base/index.ts';
import {
  DEFAULT_MAPPING,
  DEFAULT_NEED_RULE,
  DEFAULT_SEGMENTATION,
  NeedRule,
  Segmentation,
  SettingMapping,
  describeNeedRule,
  parseAgeBands,
  resolveMapping,
  segmentId,
} from '../../../shared/core/dataProfile/index.ts';
import { fallbackChain } from '../../../shared/core/dataProfile/segmentation.ts';
import { parseWith } from '../../../shared/core/scenario/index.ts';

const fields = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map((p) => p.field);
    throw e;
  }
  return [];
};

describe('setting mapping', () => {
  it('the default covers the common NHS settings, each code once, one category per line', () => {
    const r = resolveMapping(parseWith(SettingMapping, DEFAULT_MAPPING));
    if ('problems' in r) throw new Error('default mapping has problems');
    const codes = r.settings.map((s) => s.code);
    for (const c of ['APC_EL', 'APC_NEL', 'OP_FA', 'OP_FU', 'AE', 'CHS', 'MH', 'GP', 'PRESC', 'CHC', 'MAT'])
      expect(codes).toContain(c);
    expect(r.settings.find((s) => s.code === 'AE')).toMatchObject({ urgent: true, line: 'urgent_care' });
    expect(r.settings.find((s) => s.code === 'CHS')).toMatchObject({ ongoing: true, line: 'community' });
    expect(r.columns.people.age).toBe('age');
  });

  it('codes repeated ignoring case, and one line with two categories, are refused with the entry at fault', () => {
    const r = resolveMapping({
      mappingVersion: 1,
      settings: [
        { code: 'ae', category: 'urgent_care', urgent: true, ongoing: false },
        { code: 'AE ', category: 'urgent_care', urgent: true, ongoing: false },
        { code: 'X', line: 'urgent_care', category: 'community', urgent: false, ongoing: false },
      ],
    });
    expect('problems' in r && r.problems.map((p) => p.path)).toEqual([
      'settings[1].code',
      'settings[2].category',
    ]);
  });

  it('unknown keys and unknown categories are errors naming the field; columns can be renamed', () => {
    expect(
      fields(() =>
        parseWith(SettingMapping, { mappingVersion: 1, settings: [{ code: 'A', category: 'acute', x: 1 }] }),
      ),
    ).toEqual(expect.arrayContaining(['settings[0].category']));
    const r = resolveMapping(
      parseWith(SettingMapping, {
        mappingVersion: 1,
        columns: { people: { person_id: 'pseudo_id', age: 'Age' }, activity: { cost: 'cost_gbp' } },
        settings: [{ code: 'GP', category: 'core_primary_medical' }],
      }),
    );
    if ('problems' in r) throw new Error('unexpected problems');
    expect(r.columns.people.person_id).toBe('pseudo_id');
    expect(r.columns.activity.cost).toBe('cost_gbp');
    expect(r.columns.activity.setting).toBe('setting');
  });
});

describe('level-of-need rule', () => {
  it('is data: levels once each, cost rank a share', () => {
    expect(parseWith(NeedRule, DEFAULT_NEED_RULE)).toEqual(DEFAULT_NEED_RULE);
    expect(
      fields(() =>
        parseWith(NeedRule, {
          levels: [
            { level: 4, anyOf: [{ measure: 'cost_rank', atLeast: 98 }] },
            { level: 4, anyOf: [{ measure: 'ltc_count', atLeast: 3 }] },
          ],
        }),
      ).sort(),
    ).toEqual(['levels[0].anyOf[0].atLeast', 'levels[1].level']);
  });

  it('reads as one line per level', () => {
    expect(describeNeedRule(DEFAULT_NEED_RULE)).toEqual([
      'level 4 (highest needs): top 2% of annual cost or 4+ long-term conditions',
      'level 3 (ongoing care): 2+ long-term conditions or 6+ ongoing-care contacts',
      'level 2 (urgent care): 1+ urgent contacts',
      'level 1 (whole population): everyone else',
    ]);
  });

  it('compiles to a CASE in its order; a cost rank r becomes the year percentile PERCENTILE_DISC(r)', () => {
    expect(needRuleSql(DEFAULT_NEED_RULE)).toBe(
      'WHEN (cost >= r.t0 OR ltc >= 4) THEN 4 WHEN (ltc >= 2 OR ongoing_contacts >= 6) THEN 3 WHEN (urgent_contacts >= 1) THEN 2',
    );
    expect(costRankThresholdsSql(DEFAULT_NEED_RULE)).toBe(
      'PERCENTILE_DISC(0.98) WITHIN GROUP (ORDER BY cost) AS t0',
    );
    expect(
      costRankThresholdsSql({ levels: [{ level: 2, anyOf: [{ measure: 'annual_cost', atLeast: 500 }] }] }),
    ).toBe('0 AS t_unused');
  });
});

describe('segmentation', () => {
  it('age bands start at 0, follow each other and end open', () => {
    expect(parseAgeBands('0-4,5-14,15+')).toEqual([{ from: 0, to: 4 }, { from: 5, to: 14 }, { from: 15 }]);
    expect(fields(() => parseWith(Segmentation, { ageBands: parseAgeBands('0-4,6-14,15+') }))).toEqual([
      'ageBands[1].from',
    ]);
    expect(fields(() => parseWith(Segmentation, { ageBands: parseAgeBands('0-4,5-14') }))).toEqual([
      'ageBands[1].to',
    ]);
    expect(ageBandsSql(DEFAULT_SEGMENTATION)).toMatch(
      /^WHEN age_used BETWEEN 0 AND 4 THEN 0 .* WHEN age_used >= 85 THEN 6$/,
    );
  });

  it('segment ids name each dimension; withheld cells fall back keeping level of need longest', () => {
    expect(segmentId(DEFAULT_SEGMENTATION, { band: 3, sex: 'F', imd: 2, need: 4 })).toBe('45-64_F_q2_n4');
    expect(fallbackChain({ band: 3, sex: 'F', imd: 2, need: 4 })).toEqual([
      { band: 3, sex: 'F', imd: null, need: 4 },
      { band: 3, sex: null, imd: null, need: 4 },
      { band: -1, sex: null, imd: null, need: 4 },
      { band: -1, sex: null, imd: null, need: null },
    ]);
  });
});
