import * as z from 'zod';
import { type FieldProblem, ValidationError } from '../base/index.ts';
import type { CsvTable } from './csv.ts';

/** Weighted-population columns of NHS England's 2024/25 practice file; each is normalised to the national GP
 *  population (B4 i), so any of them can be the `component` of a need index. */
export const WEIGHTED_POPULATION_COLUMNS = [
  'G&A WP',
  'CS WP',
  'MH WP',
  'Mat WP',
  'Health Ineq WP',
  'Prescr WP',
  'Final WP',
  'Primary Medical Care WP',
  'Final PMC WP',
] as const;
export type WeightedPopulationColumn = (typeof WEIGHTED_POPULATION_COLUMNS)[number];

export const POPULATION_COLUMN = 'pop 2022/23';
const TEXT_COLUMNS = ['Practice_Code', 'GP_Practice_Name', 'ICS22', 'ICS22name'] as const;
/** Columns read as numbers; Latitude/Longitude and the empty `Patients` column are kept as text. */
export const NUMERIC_COLUMNS: readonly string[] = [POPULATION_COLUMN, ...WEIGHTED_POPULATION_COLUMNS];

export interface PracticeRow {
  code: string;
  name: string;
  icbCode: string;
  icbName: string;
  /** GP registered population (`pop 2022/23`). */
  population: number;
  weighted: Record<WeightedPopulationColumn, number>;
  /** Every column as text, so any column (LAD21, LTLA21, PCN, ...) can group practices into places. */
  text: Record<string, string>;
}

// A population is a count of people: finite and not negative. Blank cells must not become 0 silently.
// Plain decimals only: Number() alone would also accept "0x1F", "Infinity" and "1e999".
const Count = z
  .string()
  .trim()
  .min(1, 'is empty')
  .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, 'is not a number')
  .transform(Number)
  .pipe(z.number({ error: 'is not a finite number' }).min(0, 'is negative'));

/** Turns the parsed practice file into typed rows. Throws one ValidationError listing every bad cell, each named
 *  by data row (1 = first row after the header), CSV line and column. */
export function practiceRows(table: CsvTable): PracticeRow[] {
  const missing = [...TEXT_COLUMNS, ...NUMERIC_COLUMNS].filter((c) => !table.header.includes(c));
  if (missing.length > 0)
    throw new ValidationError(missing.map((c) => ({ field: 'header', message: `missing column "${c}"` })));
  const problems: FieldProblem[] = [];
  const rows = table.rows.map((cells, r) => {
    const line = table.rowLines[r] ?? r + 2;
    const text: Record<string, string> = {};
    table.header.forEach((column, c) => {
      text[column] = cells[c] ?? '';
    });
    const number = (column: string): number => {
      const parsed = Count.safeParse(text[column] ?? '');
      if (parsed.success) return parsed.data;
      problems.push({
        field: `row ${r + 1}, column "${column}"`,
        message: `${parsed.error.issues[0]?.message ?? 'is invalid'} ("${text[column]}", line ${line})`,
      });
      return Number.NaN;
    };
    for (const column of TEXT_COLUMNS)
      if ((text[column] ?? '').trim() === '')
        problems.push({ field: `row ${r + 1}, column "${column}"`, message: `is empty (line ${line})` });
    const weighted = Object.fromEntries(WEIGHTED_POPULATION_COLUMNS.map((c) => [c, number(c)])) as Record<
      WeightedPopulationColumn,
      number
    >;
    return {
      code: text.Practice_Code ?? '',
      name: text.GP_Practice_Name ?? '',
      icbCode: text.ICS22 ?? '',
      icbName: text.ICS22name ?? '',
      population: number(POPULATION_COLUMN),
      weighted,
      text,
    };
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return rows;
}
