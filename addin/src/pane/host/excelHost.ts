import { columnName, parseBlock, parseCell, rangeName } from '../core/a1.ts';
import type { SheetLayout } from '../core/layout.ts';
import type { Grid } from '../core/workbookImport.ts';
import { systemTheme, watchSystemTheme } from './browserHost.ts';
import type { Host, Pin, ThemeName } from './host.ts';

const PIN_SETTING = 'pacs.pin';
/** Sheets the pane wrote: re-pinning updates their scenario cell (B2) so their formulas follow. */
const SHEETS_SETTING = 'pacs.sheets';

/** The workbook through Office.js (Excel.run batches, one sync per step). Pins live in the document's settings,
 *  which travel with the file (readable by anyone who has it: they hold references, never secrets). */
export function createExcelHost(): Host {
  const settings = Office.context.document.settings;
  const officeTheme = (): ThemeName => {
    const system = systemTheme();
    if (system === 'contrast') return 'contrast';
    const t = Office.context.officeTheme as (Office.OfficeTheme & { isDarkTheme?: boolean }) | undefined;
    if (!t) return system;
    if (typeof t.isDarkTheme === 'boolean') return t.isDarkTheme ? 'dark' : 'light';
    return luminance(t.bodyBackgroundColor) < 0.4 ? 'dark' : 'light';
  };
  const saveSettings = () =>
    new Promise<void>((resolve, reject) =>
      settings.saveAsync((r) =>
        r.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(new Error(r.error.message)),
      ),
    );

  return {
    kind: 'excel',
    excelUnavailable: null,
    theme: officeTheme,
    onThemeChange: (listener) => watchSystemTheme(() => listener(officeTheme())),

    readSelection: () =>
      Excel.run(async (ctx) => {
        const r = ctx.workbook.getSelectedRange();
        r.load('address,values');
        await ctx.sync();
        return { address: r.address, values: r.values } satisfies Grid;
      }),

    listTables: () =>
      Excel.run(async (ctx) => {
        const tables = ctx.workbook.tables;
        tables.load('items/name');
        await ctx.sync();
        return tables.items.map((t) => t.name);
      }),

    readTable: (name) =>
      Excel.run(async (ctx) => {
        const r = ctx.workbook.tables.getItem(name).getRange();
        r.load('address,values');
        await ctx.sync();
        return { address: r.address, values: r.values } satisfies Grid;
      }),

    selectCells: (cells) =>
      Excel.run(async (ctx) => {
        if (cells.length === 0) return;
        const sheet = parseBlock(cells[0]!).sheet;
        const here = cells.map(parseBlock).filter((b) => b.sheet === sheet);
        const ws = sheet
          ? ctx.workbook.worksheets.getItem(sheet)
          : ctx.workbook.worksheets.getActiveWorksheet();
        ws.activate();
        const addresses = here.map((b) => rangeName(b.top, 1, 1));
        if (Office.context.requirements.isSetSupported('ExcelApi', '1.9'))
          ws.getRanges(addresses.join(',')).select();
        else ws.getRange(addresses[0]).select();
        await ctx.sync();
      }),

    writeSheet: (layout) =>
      Excel.run(async (ctx) => {
        const sheets = ctx.workbook.worksheets;
        const tables = ctx.workbook.tables;
        sheets.load('items/name');
        tables.load('items/name');
        await ctx.sync();
        const name = unique(layout.name, new Set(sheets.items.map((s) => s.name)), (b, i) => `${b} (${i})`);
        const tableNames = new Set(tables.items.map((t) => t.name));
        const ws = sheets.add(name);
        for (const c of layout.cells) {
          const r = ws.getRange(c.address);
          if (c.formula !== undefined) r.formulas = [[c.formula]];
          else r.values = [[c.value ?? '']];
          if (c.bold) r.format.font.bold = true;
          if (c.numberFormat) r.numberFormat = [[c.numberFormat]];
        }
        const renamed = new Map<string, Excel.Table>();
        for (const t of layout.tables ?? []) {
          const top = parseCell(t.address);
          const table = ws.tables.add(rangeName(top, t.rows.length + 1, t.header.length), true);
          const tableName = unique(t.name, tableNames, (b, i) => `${b}_${i}`);
          tableNames.add(tableName);
          table.name = tableName;
          table.getHeaderRowRange().values = [t.header];
          if (t.rows.length > 0) table.getDataBodyRange().values = t.rows;
          t.numberFormats?.forEach((f, i) => {
            if (f && t.rows.length > 0)
              table.columns.getItemAt(i).getDataBodyRange().numberFormat = t.rows.map(() => [f]);
          });
          renamed.set(t.name, table);
        }
        for (const c of layout.charts ?? []) {
          const table = renamed.get(c.table);
          if (!table) continue;
          const chart = ws.charts.add(
            c.type as Excel.ChartType,
            table.columns.getItemAt(2).getDataBodyRange(),
            Excel.ChartSeriesBy.columns,
          );
          chart.title.text = c.title;
          chart.series.getItemAt(0).setXAxisValues(table.columns.getItemAt(0).getDataBodyRange());
          chart.setPosition(c.at);
        }
        layout.widths?.forEach((w, i) => {
          ws.getRange(`${columnName(i)}:${columnName(i)}`).format.columnWidth = w;
        });
        ws.activate();
        await ctx.sync();
        const written = readList(settings.get(SHEETS_SETTING));
        settings.set(SHEETS_SETTING, JSON.stringify([...written, name]));
        await saveSettings();
        return name;
      }),

    recalculatePacsCells: (namespace) =>
      Excel.run(async (ctx) => {
        const sheets = ctx.workbook.worksheets;
        sheets.load('items/name');
        await ctx.sync();
        const used = sheets.items.map((ws) => {
          const r = ws.getUsedRangeOrNullObject(true);
          r.load('address,formulas');
          return { ws, r };
        });
        await ctx.sync();
        const call = new RegExp(`(^|[^A-Za-z0-9_.])${namespace}\\.[A-Z]`, 'i');
        let n = 0;
        for (const { ws, r } of used) {
          if (r.isNullObject) continue;
          const block = parseBlock(r.address);
          r.formulas.forEach((row, i) =>
            row.forEach((f, j) => {
              if (typeof f === 'string' && f.startsWith('=') && call.test(f)) {
                ws.getRange(rangeName({ row: block.top.row + i, col: block.top.col + j }, 1, 1)).calculate();
                n++;
              }
            }),
          );
        }
        await ctx.sync();
        return n;
      }),

    getPin: () => {
      const raw = settings.get(PIN_SETTING);
      if (typeof raw !== 'string') return null;
      try {
        const p = JSON.parse(raw) as Pin;
        return typeof p.id === 'string' && Number.isInteger(p.version) ? p : null;
      } catch {
        return null;
      }
    },

    setPin: async (pin) => {
      if (pin) settings.set(PIN_SETTING, JSON.stringify(pin));
      else settings.remove(PIN_SETTING);
      await saveSettings();
      if (!pin) return;
      const written = readList(settings.get(SHEETS_SETTING));
      if (written.length === 0) return;
      await Excel.run(async (ctx) => {
        const found = written.map((n) => ctx.workbook.worksheets.getItemOrNullObject(n));
        await ctx.sync();
        for (const ws of found)
          if (!ws.isNullObject) ws.getRange('B2').values = [[`${pin.id}@${pin.version}`]];
        await ctx.sync();
      });
    },
  };
}

function readList(raw: unknown): string[] {
  if (typeof raw !== 'string') return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function unique(base: string, taken: ReadonlySet<string>, form: (b: string, i: number) => string): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(form(base, i))) return form(base, i);
}

function luminance(hex: string | undefined): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex ?? '');
  if (!m) return 1;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => Number.parseInt(x!, 16) / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
