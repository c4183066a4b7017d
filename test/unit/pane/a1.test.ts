import { describe, expect, it } from 'vitest';
import {
  cellOf,
  columnIndex,
  columnName,
  parseBlock,
  quoteSheet,
  rangeName,
} from '../../../addin/src/pane/core/a1.ts';

describe('A1 addresses', () => {
  it('names columns as Excel does (A..Z, AA.., ZZ, AAA) and back', () => {
    expect([0, 25, 26, 51, 701, 702, 16383].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'ZZ',
      'AAA',
      'XFD',
    ]);
    for (const i of [0, 1, 25, 26, 27, 700, 701, 702, 16383]) expect(columnIndex(columnName(i))).toBe(i);
  });

  it("reads a block's sheet and top-left cell, quoted or not", () => {
    expect(parseBlock("'Practice list'!B3:F20")).toEqual({ sheet: 'Practice list', top: { row: 2, col: 1 } });
    expect(parseBlock("'O''Brien'!$C$7")).toEqual({ sheet: "O'Brien", top: { row: 6, col: 2 } });
    expect(parseBlock('Sheet1!AA10')).toEqual({ sheet: 'Sheet1', top: { row: 9, col: 26 } });
  });

  it('writes addresses Excel accepts', () => {
    expect(quoteSheet('Sheet1')).toBe('Sheet1');
    expect(quoteSheet('PACS Budget')).toBe("'PACS Budget'");
    expect(quoteSheet("O'Brien")).toBe("'O''Brien'");
    expect(cellOf(parseBlock('Data!C5:H9'), 2, 3)).toBe('F7');
    expect(rangeName({ row: 6, col: 0 }, 4, 9)).toBe('A7:I10');
    expect(rangeName({ row: 0, col: 1 }, 1, 1)).toBe('B1');
  });
});
