import type { Segment } from '../../shared/core/scenario/index.ts';
import type { ServiceCategory } from '../../shared/core/scenario/index.ts';
import type { SegmentSpend } from './segments.ts';

/** ASSUMPTION (not a published index): growth of NHS spend per person from 2014/15 to 2025/26 prices and
 *  practice, i.e. pay and price inflation plus non-demographic activity growth over eleven years. 1.75 is roughly
 *  the rise in NHS England revenue spend per head of population over the period. It scales every baseline
 *  equally, so it moves totals, not the split between segments, lines or practices. Replace it by scaling to local
 *  actual spend (capitation-method B3 step 5) before any real use. */
export const SPEND_UPLIFT_2014_15_TO_2025_26 = 1.75;

type Column = 'inpatient' | 'outpatient' | 'gpAndPrescribing';
type Share = (s: Segment) => number;

/** A service line carved from the spend table: a share of one or more of its three columns, by segment. */
export interface LineRule {
  id: string;
  name: string;
  category: ServiceCategory;
  parts: Partial<Record<Column, Share>>;
}

const isMaternityAge = (s: Segment) => s.sex === 'F' && s.ageFrom >= 15 && (s.ageTo ?? 120) <= 44;
const isOlder = (s: Segment) => s.ageFrom >= 65;

// Shares of the inpatient column that are not general acute care. The rest is elective / non-elective.
const SPECIALISED = 0.15;
const MATERNITY = (s: Segment) => (isMaternityAge(s) ? 0.3 : 0);
const MH_INPATIENT = 0.08;
const CHC = (s: Segment) => (isOlder(s) ? 0.06 : 0.01);
const acuteRemainder = (s: Segment) => 1 - SPECIALISED - MATERNITY(s) - MH_INPATIENT - CHC(s);
const ELECTIVE_OF_REMAINDER = 0.4;

/** The assumptions behind the split, one sentence each, for a scenario's notes. */
export const SPLIT_ASSUMPTIONS: string[] = [
  'Service lines are shares of the 2014/15 spend columns, so they add up to the table total by segment; the shares are assumptions for illustration, not published splits.',
  `Inpatient column: specialised ${SPECIALISED * 100}% (NHS England specialised commissioning is mostly admitted care); maternity 30% for women aged 15-44 and 0 otherwise (births dominate their admissions); mental health inpatient ${MH_INPATIENT * 100}%; continuing healthcare 6% at 65+ and 1% below (CHC is concentrated in older people); the rest acute, ${ELECTIVE_OF_REMAINDER * 100}% elective and ${(1 - ELECTIVE_OF_REMAINDER) * 100}% non-elective.`,
  'Outpatient column (non-admitted hospital and community activity): outpatients 50%, community services 25%, mental health 10%, A&E and urgent care 8%, high-cost drugs and devices 7%.',
  "GP and prescribing column: primary care prescribing 50% (national GP services and primary care prescribing budgets are of similar size); the other 50%, general practice, is not used: the examples take core and other primary medical care from their practices' real payments (below).",
];

/** 12 lines for the worked examples. */
export const STANDARD_LINES: LineRule[] = [
  {
    id: 'core_gp',
    name: 'Core primary medical care (GMS/PMS/APMS)',
    category: 'core_primary_medical',
    parts: { gpAndPrescribing: () => 0.5 },
  },
  {
    id: 'prescribing',
    name: 'Primary care prescribing',
    category: 'prescribing',
    parts: { gpAndPrescribing: () => 0.5 },
  },
  {
    id: 'elective',
    name: 'Acute elective',
    category: 'acute_elective',
    parts: { inpatient: (s) => acuteRemainder(s) * ELECTIVE_OF_REMAINDER },
  },
  {
    id: 'non_elective',
    name: 'Acute non-elective',
    category: 'acute_non_elective',
    parts: { inpatient: (s) => acuteRemainder(s) * (1 - ELECTIVE_OF_REMAINDER) },
  },
  {
    id: 'specialised',
    name: 'Specialised services',
    category: 'specialised',
    parts: { inpatient: () => SPECIALISED },
  },
  { id: 'maternity', name: 'Maternity', category: 'maternity', parts: { inpatient: MATERNITY } },
  {
    id: 'chc',
    name: 'NHS continuing healthcare',
    category: 'continuing_healthcare',
    parts: { inpatient: CHC },
  },
  { id: 'outpatients', name: 'Outpatients', category: 'outpatients', parts: { outpatient: () => 0.5 } },
  {
    id: 'community',
    name: 'Community health services',
    category: 'community',
    parts: { outpatient: () => 0.25 },
  },
  {
    id: 'mental_health',
    name: 'Mental health',
    category: 'mental_health',
    parts: { inpatient: () => MH_INPATIENT, outpatient: () => 0.1 },
  },
  {
    id: 'urgent_care',
    name: 'A&E and urgent care',
    category: 'urgent_care',
    parts: { outpatient: () => 0.08 },
  },
  {
    id: 'hcd',
    name: 'High-cost drugs and devices',
    category: 'high_cost_drugs_devices',
    parts: { outpatient: () => 0.07 },
  },
];

/** 15 lines for the ICB-scale bench: the standard split with three lines divided further. */
export const DETAILED_LINES: LineRule[] = STANDARD_LINES.flatMap((rule): LineRule[] => {
  const scaled = (r: LineRule, id: string, name: string, k: number, category = r.category): LineRule => ({
    id,
    name,
    category,
    parts: Object.fromEntries(Object.entries(r.parts).map(([c, f]) => [c, (s: Segment) => k * f(s)])),
  });
  if (rule.id === 'core_gp')
    return [
      scaled(rule, 'core_gp', rule.name, 0.9),
      scaled(rule, 'other_primary', 'Other primary care (enhanced services)', 0.1, 'other_primary_care'),
    ];
  if (rule.id === 'outpatients')
    return [
      scaled(rule, 'op_first', 'Outpatients, first', 0.4),
      scaled(rule, 'op_follow_up', 'Outpatients, follow-up', 0.6),
    ];
  if (rule.id === 'non_elective')
    return [
      scaled(rule, 'ne_short', 'Non-elective, short stay (0-1 day)', 0.35),
      scaled(rule, 'ne_long', 'Non-elective, long stay', 0.65),
    ];
  return [rule];
});

/** GBP PPPY by line (rows) and segment (columns), 2025/26 prices, rounded to pence. Throws if a column's shares do
 *  not add up to 1 for a segment (money would appear or vanish). */
export function linePppy(
  rules: readonly LineRule[],
  spend: readonly SegmentSpend[],
  uplift = SPEND_UPLIFT_2014_15_TO_2025_26,
): number[][] {
  for (const s of spend)
    for (const column of ['inpatient', 'outpatient', 'gpAndPrescribing'] as const) {
      const total = rules.reduce((a, r) => a + (r.parts[column]?.(s.segment) ?? 0), 0);
      if (Math.abs(total - 1) > 1e-12)
        throw new Error(`${column} shares sum to ${total} for ${s.segment.id}`);
    }
  return rules.map((r) =>
    spend.map((s) => {
      let pppy = 0;
      for (const [column, share] of Object.entries(r.parts) as [Column, Share][])
        pppy += (share(s.segment) * s[column]) / s.population;
      return pence(pppy * uplift);
    }),
  );
}

export const pence = (x: number) => Math.round(x * 100) / 100;
