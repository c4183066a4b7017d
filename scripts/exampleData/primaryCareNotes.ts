import type { ExampleData } from './exampleData.ts';
import { PAYMENT_GROUPS, type PaymentUse } from './gpPaymentLines.ts';
import { GLOBAL_SUM_PER_WEIGHTED_PATIENT } from './gpPriceIndex.ts';
import { FALLBACK_WEIGHT_COLUMN } from './primaryCare.ts';

const gbp = (x: number, digits = 0) =>
  `GBP ${x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;

function groups(use: PaymentUse): string {
  return PAYMENT_GROUPS.filter((g) => g.use === use)
    .map((g) => `${g.label} (${g.columns.join(', ')}): ${g.why}`)
    .join('; ');
}

/** The provenance of the two primary medical care lines, for a scenario's notes: which payments count and why,
 *  the uplift and its source, how the money is spread, and how many practices took the fallback. */
export function primaryCareNotes(data: ExampleData): string[] {
  const p = data.payments;
  const n = p.practices.length;
  const count = (source: string) => p.practices.filter((x) => x.source === source).length;
  const pppy = (id: string) =>
    data.lineBudget(id) / data.practices.reduce((a, x) => a + x.personYears.reduce((b, v) => b + v, 0), 0);
  const range = p.corePppyByNeighbourhood.map((x) => x.pppy);
  const gs = GLOBAL_SUM_PER_WEIGHTED_PATIENT;
  return [
    `Core primary medical care: the practices' real 2022/23 payments (NHS Payments to General Practice, England, 2022-23, NHS Digital, OGL v3), not a share of the spend table: ${groups('core_gp')}. ${gbp(p.paid.core_gp)} in 2022/23.`,
    `Other primary medical care (in scope in every contract form): ${groups('other_primary')}. ${gbp(p.paid.other_primary)} in 2022/23.`,
    `Payments not counted: ${groups('excluded')}.`,
    `Uplift 2022/23 to 2025/26: x ${p.uplift.toFixed(4)} = the GMS Global Sum per weighted patient, GBP ${gs['2025/26']} in 2025/26 / GBP ${gs['2022/23'].toFixed(2)} in 2022/23 (GBP ${gs['2023/24']} in 2023/24, GBP ${gs['2024/25'].toFixed(2)} in 2024/25; Statement of Financial Entitlements, NHS England contract letters and ready reckoner), applied to both lines. It also carries GBP 100m moved from QOF into the Global Sum in 2025/26, so it slightly overstates the growth of QOF and item-of-service fees; replace by local 2025/26 budgets (B3 step 5).`,
    `Spread over segments: each practice's uplifted payments over its own person-years by segment. The payments file has no age, sex or deprivation split and a practice's weighted population is one figure, so every segment of a practice carries the same amount per person-year; with the national mix every segment's PPPY is the same to the penny: ${gbp(pppy('core_gp'), 2)} core and ${gbp(pppy('other_primary'), 2)} other primary medical care. PPPY are kept unrounded so person-years x PPPY reproduce the uplifted payments to the penny. The GP and prescribing column of the spend table now gives prescribing only.`,
    `Payment rows: ${count('payment_row')} of ${n} practices matched to their own 2022/23 row; ${count('no_payment_row')} without a payment row and ${count('zero_registered')} with zero registered patients took the fallback: the practice's ${FALLBACK_WEIGHT_COLUMN} x the place's payments per weighted person (${gbp(p.fallbackRate.core_gp, 2)} core, ${gbp(p.fallbackRate.other_primary, 2)} other).`,
    `By neighbourhood, the practices' own uplifted core payments run from ${gbp(Math.min(...range), 2)} to ${gbp(Math.max(...range), 2)} per person-year. Each practice's history is kept as its practiceCostIndex on both lines (its payments over its person-years at the place's PPPY), so the base-year budget of every practice and neighbourhood is what its own practices were paid, uplifted, and convergence moves it towards need from there; prescribing and the other table lines follow the segment average.`,
  ];
}
