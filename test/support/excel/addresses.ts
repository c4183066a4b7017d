/** A1 addresses: `Sheet1!B2` <-> {sheet, row, col} (1-based, as fast-formula-parser uses them). */
export interface Position {
  sheet: string;
  row: number;
  col: number;
}

export interface Rect {
  sheet: string;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export function columnName(col: number): string {
  let s = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function parseAddress(address: string, defaultSheet: string): Position {
  const m = /^(?:'?([^'!]+)'?!)?\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address.trim());
  if (!m) throw new Error(`not a cell address: ${address}`);
  return { sheet: m[1] ?? defaultSheet, row: Number(m[3]), col: columnNumber(m[2]!) };
}

export function formatAddress(p: Position): string {
  return `${p.sheet}!${columnName(p.col)}${p.row}`;
}

/** `A1:C3` (or `Sheet!A1:C3`) as a rectangle. */
export function parseRange(range: string, defaultSheet: string): Rect {
  const [from, to] = range.split(':');
  const a = parseAddress(from!, defaultSheet);
  const b = to ? parseAddress(to.includes('!') ? to : `${a.sheet}!${to}`, a.sheet) : a;
  return { sheet: a.sheet, r1: a.row, c1: a.col, r2: b.row, c2: b.col };
}

export const intersects = (a: Rect, b: Rect) =>
  a.sheet === b.sheet && a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;

export const cellRect = (p: Position): Rect => ({
  sheet: p.sheet,
  r1: p.row,
  c1: p.col,
  r2: p.row,
  c2: p.col,
});
