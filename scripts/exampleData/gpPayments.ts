import { readFileSync } from 'node:fs';
import { type FieldProblem, ValidationError } from '../../shared/core/base/index.ts';
import { parseCsv } from '../../shared/core/needIndex/index.ts';
import {
  CODE_COLUMN,
  PAYMENT_GROUPS,
  type PaymentUse,
  REGISTERED_COLUMN,
  TOTAL_COLUMN,
  columnsFor,
  totalParts,
} from './gpPaymentLines.ts';
import { paymentsFile } from './paths.ts';

/** One practice's 2022/23 payments: its registered list (last known figure) and GBP by use. */
export interface PaymentRow {
  code: string;
  registered: number;
  /** GBP 2022/23, summed over the columns of each use. */
  byUse: Record<PaymentUse, number>;
}

type CsvTable = ReturnType<typeof parseCsv>;

// Plain decimals, signed: closed practices carry small negative adjustments. Blank cells are errors, not zeros.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;
/** The file's total is the sum of its parts to the penny; allow float noise over 33 columns. */
const TOTAL_TOLERANCE = 0.005;

/** Reads NHS Payments to General Practice 2022/23 (6,669 rows), keyed by practice code. */
export function readGpPayments(file = paymentsFile): Map<string, PaymentRow> {
  return gpPaymentRows(parseCsv(readFileSync(file, 'utf8')));
}

/** Typed rows from the parsed file. Throws one ValidationError listing every problem: a missing column, a cell
 *  that is not a number, a repeated practice code, or a row whose parts do not add up to its total (which would
 *  mean a payment column is missing from PAYMENT_GROUPS). */
export function gpPaymentRows(table: CsvTable): Map<string, PaymentRow> {
  const numeric = [REGISTERED_COLUMN, TOTAL_COLUMN, ...PAYMENT_GROUPS.flatMap((g) => g.columns)];
  const missing = [CODE_COLUMN, ...numeric].filter((c) => !table.header.includes(c));
  if (missing.length > 0)
    throw new ValidationError(missing.map((c) => ({ field: 'header', message: `missing column "${c}"` })));
  const at = new Map(table.header.map((c, i) => [c, i]));
  const uses: PaymentUse[] = ['core_gp', 'other_primary', 'excluded'];
  const parts = totalParts();
  const problems: FieldProblem[] = [];
  const out = new Map<string, PaymentRow>();
  table.rows.forEach((cells, r) => {
    const line = table.rowLines[r] ?? r + 2;
    const problem = (column: string, message: string) =>
      problems.push({ field: `row ${r + 1}, column "${column}"`, message: `${message} (line ${line})` });
    const value = new Map<string, number>();
    for (const column of numeric) {
      const text = (cells[at.get(column)!] ?? '').trim();
      if (DECIMAL.test(text)) value.set(column, Number(text));
      else problem(column, `is not a number ("${text}")`);
    }
    const sumOf = (columns: readonly string[]) => columns.reduce((a, c) => a + (value.get(c) ?? 0), 0);
    const code = (cells[at.get(CODE_COLUMN)!] ?? '').trim();
    if (code === '') problem(CODE_COLUMN, 'is empty');
    else if (out.has(code)) problem(CODE_COLUMN, `repeats ${code}`);
    const total = value.get(TOTAL_COLUMN);
    const partsSum = sumOf(parts);
    if (value.size === numeric.length && Math.abs(partsSum - total!) > TOTAL_TOLERANCE)
      problem(TOTAL_COLUMN, `is ${total} but its payment columns add up to ${partsSum}`);
    const registered = value.get(REGISTERED_COLUMN) ?? Number.NaN;
    if (registered < 0) problem(REGISTERED_COLUMN, 'is negative');
    out.set(code, {
      code,
      registered,
      byUse: Object.fromEntries(uses.map((u) => [u, sumOf(columnsFor(u))])) as Record<PaymentUse, number>,
    });
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return out;
}
