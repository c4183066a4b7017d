import * as z from 'zod';
import { strictObject } from '../base/index.ts';

/* The bad-input report: every input row is either accepted or counted under exactly one reason (the first check
 * it fails, in the order listed here), so rows read = rows accepted + rows rejected, and nothing is silently
 * dropped. Examples show the file and the offending value, never a person id. */

export const PEOPLE_REASONS = {
  malformed_row: 'row could not be parsed (wrong number of fields, broken quoting)',
  missing_person_id: 'no person id',
  duplicate_person: 'person id appears more than once (every copy rejected)',
  missing_practice: 'no registered practice',
  unknown_practice: 'practice not in the practice file (or not in the ICB)',
  missing_age: 'no age',
  invalid_age: 'age is not a whole number from 0 to 120',
  invalid_sex: 'sex is not F/M (or 2/1, female/male)',
  missing_imd: 'no IMD quintile, decile or LSOA',
  invalid_imd: 'IMD quintile not 1-5 or decile not 1-10',
  unknown_lsoa: 'LSOA not in the LSOA-to-IMD lookup',
  invalid_ltc: 'long-term-condition count or flag is not a whole number / flag',
  invalid_registration: 'registration date is not a date (YYYY-MM-DD) or ends before it starts',
} as const;

export const ACTIVITY_REASONS = {
  malformed_row: 'row could not be parsed (wrong number of fields, broken quoting)',
  missing_person_id: 'no person id',
  unknown_person: 'person id not in the people file',
  person_rejected: "the person's row in the people file was rejected",
  invalid_date: 'activity date is missing or not a date (YYYY-MM-DD)',
  outside_years: 'activity date outside the profile years',
  outside_registration: "activity date outside the person's registration",
  missing_cost: 'no cost',
  invalid_cost: 'cost is not a number',
  negative_cost: 'cost is negative',
  missing_setting: 'no setting code',
  unmapped_setting: 'setting code not in the mapping',
  invalid_urgent_flag: 'urgent flag is not Y/N, 1/0, true/false, U/P (urgent/planned)',
} as const;

export type PeopleReason = keyof typeof PEOPLE_REASONS;
export type ActivityReason = keyof typeof ACTIVITY_REASONS;

export const RejectionExample = strictObject({
  file: z.string(),
  /** The offending value (absent when the value is an id, or for missing values). */
  value: z.string().optional(),
  /** Line in the file, where the reader knows it (malformed CSV rows). */
  line: z.number().int().optional(),
});
export type RejectionExample = z.infer<typeof RejectionExample>;

export const Rejection = strictObject({
  reason: z.string(),
  description: z.string(),
  rows: z.number().int().min(0),
  examples: z.array(RejectionExample),
});
export type Rejection = z.infer<typeof Rejection>;

export const InputQuality = strictObject({
  rowsRead: z.number().int().min(0),
  rowsAccepted: z.number().int().min(0),
  rowsRejected: z.number().int().min(0),
  rejectedShare: z.number().min(0).max(1),
  rejections: z.array(Rejection),
});
export type InputQuality = z.infer<typeof InputQuality>;

export const QualityReport = strictObject({
  /** Runs fail when either file kind rejects more than this share of its rows. */
  maxRejectedShare: z.number().min(0).max(1),
  people: InputQuality,
  activity: InputQuality,
  passed: z.boolean(),
  failures: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type QualityReport = z.infer<typeof QualityReport>;

/** Row counts by reason as the adapter finds them. */
export interface RawRejections {
  rowsRead: number;
  byReason: { reason: string; rows: number; examples: RejectionExample[] }[];
}

/** Builds the report, checks reconciliation (read = accepted + rejected) and the failure threshold. */
export function qualityReport(
  people: RawRejections,
  activity: RawRejections,
  maxRejectedShare: number,
  warnings: string[] = [],
): QualityReport {
  const build = (raw: RawRejections, texts: Record<string, string>): InputQuality => {
    const order = Object.keys(texts);
    const rejections = raw.byReason
      .filter((r) => r.rows > 0)
      .sort((a, b) => order.indexOf(a.reason) - order.indexOf(b.reason))
      .map((r) => ({
        reason: r.reason,
        description: texts[r.reason] ?? r.reason,
        rows: r.rows,
        examples: r.examples,
      }));
    const rejected = rejections.reduce((a, r) => a + r.rows, 0);
    return {
      rowsRead: raw.rowsRead,
      rowsAccepted: raw.rowsRead - rejected,
      rowsRejected: rejected,
      rejectedShare: raw.rowsRead > 0 ? rejected / raw.rowsRead : 0,
      rejections,
    };
  };
  const p = build(people, PEOPLE_REASONS);
  const a = build(activity, ACTIVITY_REASONS);
  const failures: string[] = [];
  const check = (q: InputQuality, what: string) => {
    if (q.rowsRejected > q.rowsRead)
      failures.push(`${what}: ${q.rowsRejected} rows rejected but only ${q.rowsRead} read (counting error)`);
    if (q.rejectedShare > maxRejectedShare)
      failures.push(
        `${what}: ${q.rowsRejected.toLocaleString('en-GB')} of ${q.rowsRead.toLocaleString('en-GB')} rows rejected (${pct(q.rejectedShare)}), above the limit of ${pct(maxRejectedShare)}`,
      );
  };
  check(p, 'people');
  check(a, 'activity');
  if (p.rowsAccepted === 0) failures.push('people: no row was accepted');
  return { maxRejectedShare, people: p, activity: a, passed: failures.length === 0, failures, warnings };
}

const pct = (x: number) => `${(Math.round(x * 10000) / 100).toFixed(2)}%`;
