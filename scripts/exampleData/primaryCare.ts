import type { PracticeRow } from '../../shared/core/needIndex/index.ts';
import type { ScenarioInput, ServiceCategory } from '../../shared/core/scenario/index.ts';
import type { PaymentRow } from './gpPayments.ts';

/** The two service lines built from practices' real payments instead of the 2014/15 spend table. */
export type PaymentLineId = 'core_gp' | 'other_primary';

export const PAYMENT_LINES: readonly { id: PaymentLineId; name: string; category: ServiceCategory }[] = [
  { id: 'core_gp', name: 'Core primary medical care (GMS/PMS/APMS)', category: 'core_primary_medical' },
  {
    id: 'other_primary',
    name: 'Other primary medical care (QOF, enhanced services, local schemes)',
    category: 'other_primary_care',
  },
];

/** Weighted population that stands in for a practice's payments when it has none: need for primary medical care. */
export const FALLBACK_WEIGHT_COLUMN = 'Primary Medical Care WP';

/** Where a practice's 2022/23 payments come from: its own payment row, or the fallback because it has no row or
 *  its row has no registered patients (closed or merged during the year, so the row is not a year of its list). */
export type PaymentSource = 'payment_row' | 'no_payment_row' | 'zero_registered';

export interface PracticePayments {
  code: string;
  source: PaymentSource;
  /** GBP 2022/23 by line; imputed for a fallback practice. */
  paid: Record<PaymentLineId, number>;
}

export interface PlacePayments {
  practices: PracticePayments[];
  /** GBP 2022/23 per person of the fallback weighted population, from the practices with their own rows. */
  fallbackRate: Record<PaymentLineId, number>;
}

const LINE_IDS: PaymentLineId[] = ['core_gp', 'other_primary'];

/** Each practice's 2022/23 payments by line. A practice without a usable row gets its weighted population for
 *  primary medical care times the place's payments per weighted person (over the practices that have one): the
 *  same need measure NHS England uses for primary medical care allocations, and the better predictor of core
 *  payments (see examples/README.md). */
export function placePayments(
  practices: readonly PracticeRow[],
  payments: ReadonlyMap<string, PaymentRow>,
): PlacePayments {
  const sourceOf = (p: PracticeRow): PaymentSource => {
    const row = payments.get(p.code);
    if (!row) return 'no_payment_row';
    return row.registered > 0 ? 'payment_row' : 'zero_registered';
  };
  const own = practices.filter((p) => sourceOf(p) === 'payment_row');
  if (own.length === 0)
    throw new Error('no practice of the place has a 2022/23 payment row: nothing to impute from');
  const weight = (p: PracticeRow) => p.weighted[FALLBACK_WEIGHT_COLUMN];
  const ownWeight = own.reduce((a, p) => a + weight(p), 0);
  const fallbackRate = Object.fromEntries(
    LINE_IDS.map((id) => [id, own.reduce((a, p) => a + payments.get(p.code)!.byUse[id], 0) / ownWeight]),
  ) as Record<PaymentLineId, number>;
  return {
    fallbackRate,
    practices: practices.map((p) => {
      const source = sourceOf(p);
      const paid = Object.fromEntries(
        LINE_IDS.map((id) => [
          id,
          source === 'payment_row' ? payments.get(p.code)!.byUse[id] : weight(p) * fallbackRate[id],
        ]),
      ) as Record<PaymentLineId, number>;
      return { code: p.code, source, paid };
    }),
  };
}

type Practice = ScenarioInput['population']['practices'][number];

/** GBP per person-year by segment such that person-years x PPPY gives back every practice's amount. Each practice's
 *  amount is spread over its own person-years by segment (the payments file has no age, sex or deprivation split,
 *  and a practice's weighted population is one figure, so all its segments carry the same amount per
 *  person-year); a segment's PPPY is the spread amounts over its person-years. Unrounded, so the line reproduces
 *  the payments to the penny. */
export function spreadOverSegments(
  practices: readonly Practice[],
  amount: ReadonlyMap<string, number>,
): number[] {
  const S = practices[0]?.personYears.length ?? 0;
  const spread = new Array<number>(S).fill(0);
  const people = new Array<number>(S).fill(0);
  for (const p of practices) {
    const a = amount.get(p.id);
    if (a === undefined) throw new Error(`no amount for practice ${p.id}`);
    const total = p.personYears.reduce((x, v) => x + v, 0);
    if (total <= 0) {
      if (a !== 0) throw new Error(`practice ${p.id} has GBP ${a} but no person-years to spread it over`);
      continue;
    }
    p.personYears.forEach((py, s) => {
      spread[s]! += (a * py) / total;
      people[s]! += py;
    });
  }
  return spread.map((v, s) => (people[s]! > 0 ? v / people[s]! : 0));
}

/** Each practice's cost index on a line (the scenario's `practiceCostIndex`): its amount over what its person-years
 *  cost at the line's PPPY by segment, so person-years x PPPY x index gives back every practice's own amount (and
 *  each neighbourhood's) while the PPPY stay the place's. Unrounded, like the PPPY, so the amounts come back to
 *  the penny. */
export function practiceCostIndex(
  practices: readonly Practice[],
  amount: ReadonlyMap<string, number>,
  pppy: readonly number[],
): Record<string, number> {
  return Object.fromEntries(
    practices.map((p) => {
      const atPppy = p.personYears.reduce((a, py, s) => a + py * pppy[s]!, 0);
      const a = amount.get(p.id)!;
      return [p.id, atPppy > 0 && a > 0 ? a / atPppy : 1];
    }),
  );
}
