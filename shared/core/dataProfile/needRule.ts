import * as z from 'zod';
import { plainText, strictObject } from '../base/index.ts';
import { LIMITS, bounded } from '../scenario/index.ts';

/* The four levels of need of the PACS care model (NHS England 2016): 1 whole population, 2 urgent care,
 * 3 ongoing care, 4 highest needs. Which level a person is in for a year is decided by a rule that is itself
 * data: the profile carries the rule it used, a team can replace it with its own (`--need-rule FILE`), and the
 * adapter evaluates it in SQL. Levels are tried in the order listed; the first whose conditions hold wins (any
 * one condition is enough); everyone else is in level 1. */

export const NEED_LEVEL_NAMES: Record<1 | 2 | 3 | 4, string> = {
  1: 'whole population',
  2: 'urgent care',
  3: 'ongoing care',
  4: 'highest needs',
};

/** Per person and year:
 *  - `urgent_contacts`: activity rows flagged urgent (or in a setting the mapping marks urgent when unflagged);
 *  - `ongoing_contacts`: activity rows in settings the mapping marks as ongoing care;
 *  - `ltc_count`: long-term conditions from the people file (a condition on it is false when it is not given);
 *  - `cost_rank`: share of the year's population whose annual cost is at or below the person's (0-1, CUME_DIST);
 *  - `annual_cost`: GBP in the year. */
export const NeedMeasure = z.enum([
  'urgent_contacts',
  'ongoing_contacts',
  'ltc_count',
  'cost_rank',
  'annual_cost',
]);
export type NeedMeasure = z.infer<typeof NeedMeasure>;

export const NeedCondition = strictObject({
  measure: NeedMeasure,
  atLeast: bounded(0, LIMITS.patientCost, ''),
}).superRefine((c, ctx) => {
  if (c.measure === 'cost_rank' && c.atLeast > 1)
    ctx.addIssue({ code: 'custom', path: ['atLeast'], message: 'a cost rank is a share between 0 and 1' });
});
export type NeedCondition = z.infer<typeof NeedCondition>;

export const NeedLevelRule = strictObject({
  level: z.union([z.literal(2), z.literal(3), z.literal(4)]),
  name: plainText({ max: 200 }).optional(),
  /** The person is in this level if any condition holds. */
  anyOf: z.array(NeedCondition).min(1),
});

export const NeedRule = strictObject({
  description: plainText({ max: 2000, allowEmpty: true, multiline: true }).optional(),
  /** Tried in order; the first level whose conditions hold wins. */
  levels: z.array(NeedLevelRule).min(1).max(3),
}).superRefine((r, ctx) => {
  const seen = new Set<number>();
  r.levels.forEach((l, i) => {
    if (seen.has(l.level))
      ctx.addIssue({
        code: 'custom',
        path: ['levels', i, 'level'],
        message: `level ${l.level} appears twice`,
      });
    seen.add(l.level);
  });
});
export type NeedRule = z.output<typeof NeedRule>;

/** Default rule: the top 2% by annual cost or four or more long-term conditions are highest needs; two or more
 *  conditions or six or more ongoing-care contacts are ongoing care; any urgent contact is urgent care. */
export const DEFAULT_NEED_RULE: NeedRule = {
  description:
    'Highest needs: top 2% of annual cost or 4+ long-term conditions; ongoing care: 2+ long-term conditions or 6+ ongoing-care contacts; urgent care: 1+ urgent contact; everyone else: whole population. Evaluated per person per financial year, first match from the top.',
  levels: [
    {
      level: 4,
      name: NEED_LEVEL_NAMES[4],
      anyOf: [
        { measure: 'cost_rank', atLeast: 0.98 },
        { measure: 'ltc_count', atLeast: 4 },
      ],
    },
    {
      level: 3,
      name: NEED_LEVEL_NAMES[3],
      anyOf: [
        { measure: 'ltc_count', atLeast: 2 },
        { measure: 'ongoing_contacts', atLeast: 6 },
      ],
    },
    { level: 2, name: NEED_LEVEL_NAMES[2], anyOf: [{ measure: 'urgent_contacts', atLeast: 1 }] },
  ],
};

/** One line per level, for summaries and scenario notes. */
export function describeNeedRule(rule: NeedRule): string[] {
  const what: Record<NeedMeasure, (v: number) => string> = {
    urgent_contacts: (v) => `${v}+ urgent contacts`,
    ongoing_contacts: (v) => `${v}+ ongoing-care contacts`,
    ltc_count: (v) => `${v}+ long-term conditions`,
    cost_rank: (v) => `top ${round((1 - v) * 100)}% of annual cost`,
    annual_cost: (v) => `annual cost of GBP ${v.toLocaleString('en-GB')} or more`,
  };
  return [
    ...rule.levels.map(
      (l) =>
        `level ${l.level} (${l.name ?? NEED_LEVEL_NAMES[l.level]}): ${l.anyOf.map((c) => what[c.measure](c.atLeast)).join(' or ')}`,
    ),
    `level 1 (${NEED_LEVEL_NAMES[1]}): everyone else`,
  ];
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
