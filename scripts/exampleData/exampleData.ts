import type { PracticeRow } from '../../shared/core/needIndex/index.ts';
import type { ServiceCategory } from '../../shared/core/scenario/index.ts';
import type { PaymentRow } from './gpPayments.ts';
import type { PlaceData } from './placeData.ts';
import {
  PAYMENT_LINES,
  type PaymentLineId,
  type PlacePayments,
  placePayments,
  practiceCostIndex,
  spreadOverSegments,
} from './primaryCare.ts';

export interface ExampleLine {
  id: string;
  name: string;
  category: ServiceCategory;
  baselinePppy: number[];
  /** Each practice's historical cost relative to the PPPY (lines built from practice payments only). */
  practiceCostIndex?: Record<string, number>;
}

/** What an example is built from: the place's population and spend-table lines, with core primary medical care
 *  (and other primary medical care) taken from its practices' real payments instead of the table. */
export interface ExampleData extends Omit<PlaceData, 'lines' | 'lineBudget'> {
  lines: ExampleLine[];
  /** Base-year GBP of a line before need adjustment: sum over practices and segments of PY x PPPY. */
  lineBudget(lineId: string): number;
  payments: PlacePayments & {
    uplift: number;
    /** GBP 2022/23 of the place by line (imputed amounts included). */
    paid: Record<PaymentLineId, number>;
    /** Uplifted core payments per person-year of each neighbourhood's own practices. */
    corePppyByNeighbourhood: { id: string; pppy: number }[];
  };
}

/** Replaces the spend table's core primary medical care (an assumed half of its GP and prescribing column) by the
 *  practices' uplifted 2022/23 payments, and adds other primary medical care after it. */
export function withPaymentLines(
  place: PlaceData,
  placeRows: readonly PracticeRow[],
  payments: ReadonlyMap<string, PaymentRow>,
  uplift: number,
): ExampleData {
  const byCode = new Map(placeRows.map((r) => [r.code, r]));
  const chosen = place.practices.map((p) => byCode.get(p.id)!);
  const paid = placePayments(chosen, payments);
  const amount = (id: PaymentLineId) => new Map(paid.practices.map((p) => [p.code, p.paid[id] * uplift]));
  const paymentLines: ExampleLine[] = PAYMENT_LINES.map((l) => {
    const baselinePppy = spreadOverSegments(place.practices, amount(l.id));
    return {
      ...l,
      baselinePppy,
      practiceCostIndex: practiceCostIndex(place.practices, amount(l.id), baselinePppy),
    };
  });
  const lines: ExampleLine[] = place.lines.flatMap(({ rule, baselinePppy }) =>
    rule.id === 'core_gp'
      ? paymentLines
      : [{ id: rule.id, name: rule.name, category: rule.category, baselinePppy }],
  );
  const S = place.segments.length;
  const bySegment = Array.from({ length: S }, (_, s) =>
    place.practices.reduce((a, p) => a + p.personYears[s]!, 0),
  );
  const core = amount('core_gp');
  const corePppyByNeighbourhood = place.neighbourhoods.map((n) => {
    const members = place.practices.filter((p) => p.neighbourhood === n.id);
    const money = members.reduce((a, p) => a + core.get(p.id)!, 0);
    const people = members.reduce((a, p) => a + p.personYears.reduce((x, v) => x + v, 0), 0);
    return { id: n.id, pppy: money / people };
  });
  const { lines: _table, lineBudget: _tableBudget, ...rest } = place;
  return {
    ...rest,
    lines,
    lineBudget(lineId) {
      const line = lines.find((l) => l.id === lineId);
      if (!line) throw new Error(`unknown line ${lineId}`);
      return line.baselinePppy.reduce((a, v, s) => a + v * bySegment[s]!, 0);
    },
    payments: {
      ...paid,
      uplift,
      paid: {
        core_gp: paid.practices.reduce((a, p) => a + p.paid.core_gp, 0),
        other_primary: paid.practices.reduce((a, p) => a + p.paid.other_primary, 0),
      },
      corePppyByNeighbourhood,
    },
  };
}
