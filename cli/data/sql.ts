import { readFileSync } from 'node:fs';
import type { NeedRule, Segmentation } from '../../shared/core/dataProfile/index.ts';

/* The SQL lives in cli/data/sql/*.sql, one statement or query per file, written in portable SQL so the same
 * profile can run on Amazon Athena (docs/patient-data.md). `{{name}}` placeholders are filled here with SQL
 * compiled from data: the level-of-need rule, the age bands, the segment dimensions, lists of years. */

const SQL_DIR = new URL('./sql/', import.meta.url);

export function sqlTemplate(name: string): string {
  return readFileSync(new URL(`${name}.sql`, SQL_DIR), 'utf8');
}

/** The template with every placeholder filled; a placeholder without a value is a programming error. */
export function fillSql(name: string, values: Record<string, string | number>): string {
  return sqlTemplate(name).replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`SQL template ${name} needs a value for {{${key}}}`);
    return String(v);
  });
}

/** Finite number as an SQL literal: the shortest decimal that reads back as the same double (an exponent, as in
 *  1e-7, is a valid ANSI approximate numeric literal). */
export function sqlNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return String(x);
}

const MEASURE_COLUMN: Record<
  Exclude<NeedRule['levels'][number]['anyOf'][number]['measure'], 'cost_rank'>,
  string
> = {
  urgent_contacts: 'urgent_contacts',
  ongoing_contacts: 'ongoing_contacts',
  ltc_count: 'ltc',
  annual_cost: 'cost',
};

/** The distinct cost ranks the rule compares against, in order of first use (column t0, t1, ... of
 *  cost_rank_thresholds). */
export function costRanks(rule: NeedRule): number[] {
  const ranks: number[] = [];
  for (const l of rule.levels)
    for (const c of l.anyOf)
      if (c.measure === 'cost_rank' && !ranks.includes(c.atLeast)) ranks.push(c.atLeast);
  return ranks;
}

/** Columns of cost_rank_thresholds.sql: PERCENTILE_DISC(r) per year for each rank r of the rule. */
export function costRankThresholdsSql(rule: NeedRule): string {
  const ranks = costRanks(rule);
  if (ranks.length === 0) return '0 AS t_unused';
  return ranks
    .map((r, i) => `PERCENTILE_DISC(${sqlNumber(r)}) WITHIN GROUP (ORDER BY cost) AS t${i}`)
    .join(', ');
}

/** `WHEN (cond OR cond) THEN level ...` from the rule, in its order (first match wins). A condition on a measure
 *  that is NULL (no long-term-condition data) is not met. A cost rank r is the year's PERCENTILE_DISC(r) of cost
 *  (column r.t<i>): CUME_DIST(cost) >= r exactly when cost >= that percentile. */
export function needRuleSql(rule: NeedRule): string {
  const ranks = costRanks(rule);
  return rule.levels
    .map((l) => {
      const any = l.anyOf
        .map((c) =>
          c.measure === 'cost_rank'
            ? `cost >= r.t${ranks.indexOf(c.atLeast)}`
            : `${MEASURE_COLUMN[c.measure]} >= ${sqlNumber(c.atLeast)}`,
        )
        .join(' OR ');
      return `WHEN (${any}) THEN ${l.level}`;
    })
    .join(' ');
}

/** `WHEN age_used BETWEEN a AND b THEN i ...` for the age bands (the open band has no upper bound). */
export function ageBandsSql(seg: Segmentation): string {
  return seg.ageBands
    .map((b, i) =>
      b.to === undefined
        ? `WHEN age_used >= ${b.from} THEN ${i}`
        : `WHEN age_used BETWEEN ${b.from} AND ${b.to} THEN ${i}`,
    )
    .join(' ');
}

export function segmentColumnsSql(seg: Segmentation): Record<string, string> {
  return {
    age_bands: ageBandsSql(seg),
    sex_segment: seg.bySex ? 'sex' : 'CAST(NULL AS VARCHAR)',
    imd_segment: seg.byImd ? 'imd' : 'CAST(NULL AS INTEGER)',
    need_segment: seg.byNeed ? 'need' : 'CAST(NULL AS INTEGER)',
  };
}
