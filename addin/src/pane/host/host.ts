import type { SheetLayout } from '../core/layout.ts';
import type { Grid } from '../core/workbookImport.ts';

export type ThemeName = 'light' | 'dark' | 'contrast';

/** A version pinned in the workbook: the reference every written PACS.* formula uses. */
export interface Pin {
  id: string;
  version: number;
  name: string;
}

/** What the pane needs from where it runs. In Excel: the workbook (ranges, tables, writing sheets, recalculating
 *  PACS cells, pins kept in the document). In an ordinary browser every workbook action is unavailable and
 *  `excelUnavailable` says why; scenarios, comparison, saving and simulation work the same in both. */
export interface Host {
  readonly kind: 'excel' | 'browser';
  /** null in Excel; otherwise the sentence shown beside every disabled workbook action. */
  readonly excelUnavailable: string | null;
  theme(): ThemeName;
  /** Calls back when the Office (or system) theme changes; returns the unsubscribe function. */
  onThemeChange(listener: (t: ThemeName) => void): () => void;
  /** The selected range with its address. */
  readSelection(): Promise<Grid>;
  /** The workbook's Excel tables. */
  listTables(): Promise<string[]>;
  /** A table with its header row. */
  readTable(name: string): Promise<Grid>;
  /** Selects cells (`Sheet!D7`, possibly on several sheets: the first sheet's cells are selected). */
  selectCells(cells: readonly string[]): Promise<void>;
  /** Writes a layout to a new sheet (never over an existing one) and activates it; returns the sheet's name. */
  writeSheet(layout: SheetLayout): Promise<string>;
  /** Recalculates every cell whose formula calls a PACS function; returns how many. */
  recalculatePacsCells(namespace: string): Promise<number>;
  getPin(): Pin | null;
  setPin(pin: Pin | null): Promise<void>;
}

export const NOT_IN_EXCEL =
  'Open the pane in Excel to use this: the PACS pane is running in a browser, without a workbook.';
