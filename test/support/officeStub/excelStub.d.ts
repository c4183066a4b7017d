/** window.__excel: the stub office.js's workbook, seeded and inspected by the pane's browser tests. */
interface ExcelStubState {
  selection: { sheet: string; areas: string[] } | null;
  active: string | null;
  calculated: string[];
  settings: Record<string, string>;
}

interface ExcelStubCell {
  value: unknown;
  formula: string | null;
  numberFormat: string;
  bold: boolean;
}

interface ExcelStubChart {
  type: string;
  title: string;
  position: string | null;
  series: { values: string; categories: string | null }[];
}

interface ExcelStub {
  state: ExcelStubState;
  addSheet(name: string, values?: readonly (readonly unknown[])[], at?: string): string;
  addTable(sheet: string, table: string, address: string): void;
  select(sheet: string, address: string): void;
  cell(sheet: string, a1: string): ExcelStubCell | null;
  sheetNames(): string[];
  tables(): { name: string; sheet: string; address: string }[];
  charts(sheet: string): ExcelStubChart[];
  formulas(sheet: string): [string, string][];
}

interface Window {
  __excel: ExcelStub;
  __officeTheme?: Record<string, string>;
}
// biome-ignore lint/style/noVar: the ambient `window` of the page, for page.evaluate callbacks (no DOM lib here)
declare var window: Window;
