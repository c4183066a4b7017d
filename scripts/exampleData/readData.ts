import { readFileSync } from 'node:fs';
import { ValidationError } from '../../shared/core/base/index.ts';
import { parseCsv } from '../../shared/core/needIndex/index.ts';
import { type PracticeRow, practiceRows } from '../../shared/core/needIndex/index.ts';
import { practiceFile, spendFile } from './paths.ts';

/** One cell of the 2014/15 spend table: single year of age (85 = 85+), sex, IMD quintile (1 = most deprived). */
export interface SpendCell {
  age: number;
  sex: 'F' | 'M';
  imd: number;
  population: number;
  /** Total GBP for the cell in 2014/15, by the table's three settings. */
  inpatient: number;
  outpatient: number;
  gpAndPrescribing: number;
}

/** The last age row of the table is the open band "85+"; it is stored as age 85. */
export const OPEN_AGE = 85;

/** Reads NHS England's 2024/25 practice weighted populations (6,553 practices). */
export function readPracticeRows(file = practiceFile): PracticeRow[] {
  return practiceRows(parseCsv(readFileSync(file, 'utf8')));
}

/** Reads the 2014/15 spend table (860 cells); every count and amount must be a finite non-negative number. */
export function readSpendTable(file = spendFile): SpendCell[] {
  const table = parseCsv(readFileSync(file, 'utf8'));
  const col = (name: string) => {
    const i = table.header.indexOf(name);
    if (i < 0) throw new ValidationError([{ field: 'header', message: `missing column "${name}"` }]);
    return i;
  };
  const [age, sex, imd, pop, ip, op, gp] = [
    'age',
    'sex',
    'imd_quintile',
    'population',
    'inpatient_gbp',
    'outpatient_gbp',
    'gp_and_prescribing_gbp',
  ].map(col) as [number, number, number, number, number, number, number];
  return table.rows.map((cells, r) => {
    const line = table.rowLines[r];
    const number = (i: number) => {
      const v = Number(cells[i]);
      if (cells[i] === '' || !Number.isFinite(v) || v < 0)
        throw new ValidationError([
          {
            field: `row ${r + 1}, column "${table.header[i]}"`,
            message: `is not a count ("${cells[i]}", line ${line})`,
          },
        ]);
      return v;
    };
    const ageText = cells[age] ?? '';
    const sexText = cells[sex];
    if (sexText !== 'F' && sexText !== 'M')
      throw new ValidationError([
        { field: `row ${r + 1}, column "sex"`, message: `is not F or M (line ${line})` },
      ]);
    return {
      age: ageText === `${OPEN_AGE}+` ? OPEN_AGE : number(age),
      sex: sexText,
      imd: number(imd),
      population: number(pop),
      inpatient: number(ip),
      outpatient: number(op),
      gpAndPrescribing: number(gp),
    };
  });
}
