/** A1 addresses: the pane names cells to the user and selects them in Excel, so it must turn a block's position
 *  plus a row and column offset into the address Excel shows. */

/** 0 -> A, 25 -> Z, 26 -> AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A -> 0, AA -> 26. */
export function columnIndex(name: string): number {
  let n = 0;
  for (const ch of name.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export interface CellRef {
  /** Zero-based. */
  row: number;
  col: number;
}

/** `B3` -> {row: 2, col: 1}; accepts `$B$3`. */
export function parseCell(a1: string): CellRef {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(a1.trim());
  if (!m) throw new Error(`not a cell address: ${a1}`);
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]!) };
}

export function cellName(ref: CellRef): string {
  return `${columnName(ref.col)}${ref.row + 1}`;
}

/** A block's sheet and top-left cell, from an address such as `'Practice list'!B3:F20` or `Sheet1!B3`. */
export interface Block {
  sheet: string;
  top: CellRef;
}

export function parseBlock(address: string): Block {
  const bang = address.lastIndexOf('!');
  const rawSheet = bang >= 0 ? address.slice(0, bang) : '';
  const sheet = rawSheet.startsWith("'") ? rawSheet.slice(1, -1).replace(/''/g, "'") : rawSheet;
  const first = address.slice(bang + 1).split(':')[0]!;
  return { sheet, top: parseCell(first) };
}

/** A sheet name as Excel writes it in an address (quoted when it has spaces or punctuation). */
export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** The address of the cell `row`, `col` rows/columns into a block. */
export function cellOf(block: Block, row: number, col: number): string {
  return cellName({ row: block.top.row + row, col: block.top.col + col });
}

/** `B3:D9` for a block of `rows` x `cols` starting at `top`. */
export function rangeName(top: CellRef, rows: number, cols: number): string {
  const end = { row: top.row + rows - 1, col: top.col + cols - 1 };
  return rows === 1 && cols === 1 ? cellName(top) : `${cellName(top)}:${cellName(end)}`;
}
