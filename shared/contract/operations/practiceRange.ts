import { type FieldProblem, ValidationError } from '../../core/base/index.ts';
import {
  POPULATION_COLUMN,
  type PracticeRow,
  WEIGHTED_POPULATION_COLUMNS,
  type WeightedPopulationColumn,
} from '../../core/needIndex/index.ts';
import type { OperationValue } from '../wire/index.ts';

/** Practice rows passed from a workbook (PACS.NEEDINDEX's `practices` range): a header row with NHS England's
 *  column names, then one row per practice. Only what the index reads is required: the ICB (ICS22 or
 *  ICS22name), the GP population (pop 2022/23), the component and the grouping column; the rest may be left
 *  out. Every bad cell is reported by row and column. */
export function practiceRowsFromRange(
  range: OperationValue,
  wanted: { component: WeightedPopulationColumn; by: string },
): PracticeRow[] {
  if (!Array.isArray(range) || range.length < 2)
    throw new ValidationError([
      { field: 'practices', message: 'needs a header row and at least one practice' },
    ]);
  const header = range[0]!.map((h) => String(h ?? '').trim());
  const column = (name: string) => header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  const required = [POPULATION_COLUMN, wanted.component, wanted.by];
  const missing = required.filter((c) => column(c) < 0);
  if (column('ICS22') < 0 && column('ICS22name') < 0) missing.unshift('ICS22 or ICS22name');
  if (missing.length > 0)
    throw new ValidationError(
      missing.map((c) => ({ field: 'practices', message: `the header row has no column "${c}"` })),
    );
  const problems: FieldProblem[] = [];
  const rows = range.slice(1).map((cells, r): PracticeRow => {
    const text: Record<string, string> = {};
    header.forEach((h, c) => {
      if (h) text[h] = String(cells[c] ?? '').trim();
    });
    const number = (name: string): number => {
      const raw = cells[column(name)];
      const v =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw)
            : Number.NaN;
      if (!Number.isFinite(v) || v < 0)
        problems.push({
          field: `practices row ${r + 2}, column "${header[column(name)]}"`,
          message: `expected a count of people, got "${String(raw ?? '')}"`,
        });
      return v;
    };
    const weighted = Object.fromEntries(
      WEIGHTED_POPULATION_COLUMNS.map((c) => [
        c,
        column(c) >= 0 && c === wanted.component ? number(c) : Number.NaN,
      ]),
    ) as Record<WeightedPopulationColumn, number>;
    return {
      code: text.Practice_Code ?? `row ${r + 2}`,
      name: text.GP_Practice_Name ?? '',
      icbCode: column('ICS22') >= 0 ? (cells[column('ICS22')] ?? '').toString().trim() : '',
      icbName: column('ICS22name') >= 0 ? (cells[column('ICS22name')] ?? '').toString().trim() : '',
      population: number(POPULATION_COLUMN),
      weighted,
      text,
    };
  });
  if (problems.length > 0) throw new ValidationError(problems.slice(0, 20));
  return rows;
}
