import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { parseCsv } from '../../../shared/core/needIndex/csv.ts';
import { WEIGHTED_POPULATION_COLUMNS, practiceRows } from '../../../shared/core/needIndex/practiceRows.ts';

const HEADER = [
  'Practice_Code',
  'GP_Practice_Name',
  'ICS22',
  'ICS22name',
  'LAD21',
  'pop 2022/23',
  ...WEIGHTED_POPULATION_COLUMNS,
];
const line = (code: string, name: string, pop: string, wp = '100') =>
  [code, name, 'QXX', 'NHS Test ICB', 'E1', pop, ...WEIGHTED_POPULATION_COLUMNS.map(() => wp)].join(',');

function errorOf(text: string): ValidationError {
  try {
    practiceRows(parseCsv(text));
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('practiceRows', () => {
  it('types the numeric columns and keeps every column as text', () => {
    const csv = [HEADER.join(','), line('A1', '"Smith, Jones"', '1000.5', '1200.25')].join('\n');
    const [row] = practiceRows(parseCsv(csv));
    expect(row).toMatchObject({ code: 'A1', name: 'Smith, Jones', icbCode: 'QXX', population: 1000.5 });
    expect(row?.weighted['Final WP']).toBe(1200.25);
    expect(row?.text.LAD21).toBe('E1');
  });

  it('names the row, column and line of every bad number', () => {
    const csv = [
      HEADER.join(','),
      line('A1', 'One', '10'),
      line('A2', 'Two', 'abc'),
      line('A3', 'Three', '', '-1'),
    ].join('\n');
    const e = errorOf(csv);
    expect(e.problems[0]).toEqual({
      field: 'row 2, column "pop 2022/23"',
      message: 'is not a number ("abc", line 3)',
    });
    expect(e.problems.map((p) => p.field)).toContain('row 3, column "Final WP"');
    expect(e.problems.find((p) => p.field === 'row 3, column "pop 2022/23"')?.message).toBe(
      'is empty ("", line 4)',
    );
    expect(e.problems.find((p) => p.field === 'row 3, column "Final WP"')?.message).toBe(
      'is negative ("-1", line 4)',
    );
  });

  it('rejects infinite values and empty practice codes', () => {
    const e = errorOf([HEADER.join(','), line('', 'Nameless', 'Infinity')].join('\n'));
    expect(e.problems).toEqual([
      { field: 'row 1, column "Practice_Code"', message: 'is empty (line 2)' },
      { field: 'row 1, column "pop 2022/23"', message: 'is not a number ("Infinity", line 2)' },
    ]);
  });

  it('rejects numbers too large for a double', () => {
    const e = errorOf([HEADER.join(','), line('A1', 'Big', '1e999')].join('\n'));
    expect(e.problems[0]?.message).toBe('is not a finite number ("1e999", line 2)');
  });

  it('names missing columns', () => {
    const e = errorOf('Practice_Code,GP_Practice_Name,ICS22,ICS22name\nA1,x,Q,N\n');
    expect(e.problems[0]).toEqual({ field: 'header', message: 'missing column "pop 2022/23"' });
  });
});
