import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { parseCsv } from '../../../shared/core/needIndex/csv.ts';

function problemOf(text: string): string {
  try {
    parseCsv(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).message;
  }
  throw new Error('expected a ValidationError');
}

describe('parseCsv (RFC 4180)', () => {
  it('reads a header and rows', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual({
      header: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
      rowLines: [2, 3],
    });
  });

  it('accepts a missing final line break and CRLF line ends', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,4').rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const t = parseCsv('code,name\nA1,"Smith, Jones & ""Partners"""\nA2,"two\r\nlines"\nA3,x\n');
    expect(t.rows).toEqual([
      ['A1', 'Smith, Jones & "Partners"'],
      ['A2', 'two\r\nlines'],
      ['A3', 'x'],
    ]);
    // A3 starts on line 5 because A2's field spans lines 3-4.
    expect(t.rowLines).toEqual([2, 3, 5]);
  });

  it('keeps empty fields, including empty quoted ones and a trailing empty field', () => {
    expect(parseCsv('a,b,c\n,"",\n').rows).toEqual([['', '', '']]);
  });

  it('keeps spaces around unquoted fields (they are data in RFC 4180)', () => {
    expect(parseCsv('a,b\n x , y\n').rows).toEqual([[' x ', ' y']]);
  });

  it('strips a UTF-8 byte order mark and skips blank lines', () => {
    const t = parseCsv('\uFEFFa,b\n1,2\n\n\n3,4\n\n');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(t.rowLines).toEqual([2, 5]);
  });

  it('returns no rows for a header-only file', () => {
    expect(parseCsv('a,b\n')).toEqual({ header: ['a', 'b'], rows: [], rowLines: [] });
  });

  it('names the line of a record with the wrong number of fields', () => {
    expect(problemOf('a,b\n1,2\n"x\ny",2,3\n')).toBe('line 3: has 3 fields but the header has 2');
    expect(problemOf('a,b\n1,2\n3\n')).toBe('line 3: has 1 fields but the header has 2');
  });

  it('names the line of an unclosed quote', () => {
    expect(problemOf('a,b\n1,2\n3,"open\nstill open\n')).toMatch(/^line 3: quoted field is not closed/);
  });

  it('rejects text after a closing quote and a quote inside an unquoted field', () => {
    expect(problemOf('a,b\n1,"x"y\n')).toMatch(/^line 2: unexpected character "y" after the closing quote/);
    expect(problemOf('a,b\n1,2\n3,ab"c\n')).toMatch(/^line 3: a quote inside an unquoted field/);
  });

  it('rejects empty input', () => {
    expect(problemOf('')).toMatch(/^line 1: no header row/);
  });
});
