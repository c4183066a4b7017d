/** What the pane writes into the workbook, as plain data: sheets of cells (values or PACS.* formulas), tables and
 *  charts. The Excel host lays them out; tests read them without Excel. Formulas refer to the scenario cell of
 *  their sheet, so re-pinning a version is one cell edit and the workbook keeps recalculating against the
 *  service. */

export interface CellWrite {
  /** A1 address on the sheet. */
  address: string;
  value?: string | number | boolean;
  formula?: string;
  bold?: boolean;
  /** Excel number format, e.g. `£#,##0`. */
  numberFormat?: string;
}

export interface TableWrite {
  name: string;
  /** Top-left cell of the header row. */
  address: string;
  header: string[];
  rows: (string | number)[][];
  numberFormats?: (string | null)[];
}

export interface ChartWrite {
  /** Excel chart type, e.g. ColumnClustered. */
  type: 'ColumnClustered' | 'Line';
  /** The table whose columns are charted: categories from `categoryColumn`, values from `valueColumns`. */
  table: string;
  title: string;
  /** Top-left cell the chart is placed at. */
  at: string;
}

export interface SheetLayout {
  /** Preferred sheet name; the host adds " (2)", " (3)" rather than overwrite an existing sheet. */
  name: string;
  cells: CellWrite[];
  tables?: TableWrite[];
  charts?: ChartWrite[];
  /** Column widths in points, from column A. */
  widths?: number[];
}

export const GBP = '£#,##0;[Red]-£#,##0';
export const GBP_PENCE = '£#,##0.00;[Red]-£#,##0.00';
export const PERCENT = '0.0%';

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The heading cells every written sheet starts with: title, scenario reference (the pin), contract year. */
function heading(title: string, ref: string, year: number | null): CellWrite[] {
  return [
    { address: 'A1', value: title, bold: true },
    { address: 'A2', value: 'Scenario (pinned version)' },
    { address: 'B2', value: ref },
    ...(year === null
      ? []
      : [
          { address: 'A3', value: 'Contract year' },
          { address: 'B3', value: year },
        ]),
  ];
}

/** Budget: contract value, PPPY, withhold, and the budget by service line and by provider, all PACS.* spills. */
export function budgetSheet(ns: string, ref: string, year: number): SheetLayout {
  return {
    name: 'PACS Budget',
    widths: [190, 110, 110, 30, 190, 110],
    cells: [
      ...heading('PACS capitated budget', ref, year),
      { address: 'A4', value: 'Contract value (GBP)' },
      { address: 'B4', formula: `=${ns}.CAPITATION($B$2,$B$3)`, numberFormat: GBP },
      { address: 'A5', value: 'GBP per person per year' },
      { address: 'B5', formula: `=${ns}.PPPY($B$2,$B$3)`, numberFormat: GBP_PENCE },
      { address: 'A7', value: 'Budget by service line', bold: true },
      { address: 'A8', formula: `=${ns}.BUDGET($B$2,$B$3,"line")` },
      { address: 'E7', value: 'Planned payment by provider', bold: true },
      { address: 'E8', formula: `=${ns}.BUDGET($B$2,$B$3,"provider")` },
      { address: 'E1', value: 'Outcomes withhold', bold: true },
      { address: 'E2', formula: `=${ns}.WITHHOLD($B$2,$B$3)` },
    ],
  };
}

/** Trajectory: every year side by side (population, spend, contract value, PPPY, savings required). */
export function trajectorySheet(ns: string, ref: string): SheetLayout {
  return {
    name: 'PACS Trajectory',
    widths: [60, 90, 110, 130, 130, 130, 130],
    cells: [
      ...heading('PACS trajectory and deficit recovery', ref, null),
      { address: 'A5', formula: `=${ns}.TRAJECTORY($B$2)` },
    ],
  };
}

/** Settlement variances the sensitivity block shows (spend above + / below - the budget). */
export const SETTLEMENT_VARIANCES = [-0.1, -0.05, -0.02, 0, 0.02, 0.05, 0.1];

/** Settlement: an actual-spend input (starting at the budget) with its PACS.SETTLE breakdown, and a block that
 *  settles a range of spend variances so the corridor's effect on each party reads at a glance. */
export function settlementSheet(ns: string, ref: string, year: number): SheetLayout {
  const settle = (spendCell: string) => `${ns}.SETTLE($B$2,$B$3,${spendCell})`;
  const pick = (spendCell: string, figure: string) =>
    `=LET(r,${settle(spendCell)},INDEX(r,MATCH(${quote(figure)},INDEX(r,0,1),0),2))`;
  // The breakdown spills down columns A:B from row 7; the variance block sits beside it in D:G.
  const first = 6;
  const rows = SETTLEMENT_VARIANCES.flatMap((v, i): CellWrite[] => {
    const r = first + i;
    return [
      { address: `D${r}`, value: v, numberFormat: PERCENT },
      { address: `E${r}`, formula: `=$B$4*(1+D${r})`, numberFormat: GBP },
      { address: `F${r}`, formula: pick(`E${r}`, 'providers share'), numberFormat: GBP },
      { address: `G${r}`, formula: pick(`E${r}`, 'commissioner share'), numberFormat: GBP },
    ];
  });
  return {
    name: 'PACS Settlement',
    widths: [190, 120, 30, 100, 120, 130, 130],
    cells: [
      ...heading('PACS year-end settlement', ref, year),
      { address: 'A4', value: 'Budget (GBP)' },
      { address: 'B4', formula: `=${ns}.CAPITATION($B$2,$B$3)`, numberFormat: GBP },
      { address: 'A5', value: 'Actual in-scope spend (GBP): enter it' },
      { address: 'B5', formula: '=B4', numberFormat: GBP },
      { address: 'A7', formula: `=${settle('$B$5')}` },
      { address: 'D4', value: 'Settlement at spend variances', bold: true },
      { address: `D${first - 1}`, value: 'Spend variance', bold: true },
      { address: `E${first - 1}`, value: 'Actual spend (GBP)', bold: true },
      { address: `F${first - 1}`, value: 'Providers share (GBP)', bold: true },
      { address: `G${first - 1}`, value: 'Commissioner share (GBP)', bold: true },
      ...rows,
    ],
  };
}
