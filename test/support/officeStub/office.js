/* A stand-in for Microsoft's office.js, served by the browser tests in place of the CDN script. It implements the
 * Excel JavaScript API the PACS pane uses, with the API's own rules so the pane's mistakes show here as they would
 * in Excel:
 *  - proxies: writes and loads are queued and happen at context.sync(), in order;
 *  - reading a property that was not loaded (and synced) throws PropertyNotLoaded;
 *  - a missing item fails at sync with ItemNotFound; getItemOrNullObject gives isNullObject instead;
 *  - assigning values/formulas/numberFormat of the wrong shape fails with InvalidArgument;
 *  - sheet and table names are unique (ItemAlreadyExists / InvalidArgument);
 *  - addresses come back as Excel writes them ('Sheet name'!A1:B2).
 * The workbook lives in window.__excel, which tests seed and inspect. No formula engine: formula cells keep their
 * text (tests assert the formulas written) and a value the test may set. */
(() => {
  const wb = {
    sheets: [],
    active: null,
    selection: null,
    /** Cells recalculated by Range.calculate, as addresses. */
    calculated: [],
    settings: {},
    syncs: 0,
  };

  class OfficeError extends Error {
    constructor(code, message) {
      super(message);
      this.name = 'RichApi.Error';
      this.code = code;
      this.debugInfo = { code, message };
    }
  }

  // ---- A1 helpers ----
  const colName = (i) => {
    let n = i + 1;
    let s = '';
    while (n > 0) {
      const r = (n - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  };
  const colIndex = (s) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const quote = (name) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);
  function parseArea(text) {
    const t = text.replace(/\$/g, '').trim();
    const whole = /^([A-Z]{1,3}):([A-Z]{1,3})$/i.exec(t);
    if (whole) {
      const c0 = colIndex(whole[1]);
      return { r0: 0, c0, rows: 1048576, cols: colIndex(whole[2]) - c0 + 1 };
    }
    const m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/i.exec(t);
    if (!m) throw new OfficeError('InvalidArgument', `The argument is invalid or missing: address "${text}"`);
    const r0 = Number(m[2]) - 1;
    const c0 = colIndex(m[1]);
    const r1 = m[3] ? Number(m[4]) - 1 : r0;
    const c1 = m[3] ? colIndex(m[3]) : c0;
    return {
      r0: Math.min(r0, r1),
      c0: Math.min(c0, c1),
      rows: Math.abs(r1 - r0) + 1,
      cols: Math.abs(c1 - c0) + 1,
    };
  }
  const areaText = (a) =>
    a.rows === 1 && a.cols === 1
      ? `${colName(a.c0)}${a.r0 + 1}`
      : `${colName(a.c0)}${a.r0 + 1}:${colName(a.c0 + a.cols - 1)}${a.r0 + a.rows}`;
  const key = (r, c) => `${r},${c}`;

  // ---- model ----
  function newSheet(name) {
    if (wb.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase()))
      throw new OfficeError('ItemAlreadyExists', `A sheet named "${name}" already exists.`);
    const sheet = { name, cells: new Map(), tables: [], charts: [], widths: {} };
    wb.sheets.push(sheet);
    return sheet;
  }
  const findSheet = (name) => wb.sheets.find((s) => s.name.toLowerCase() === String(name).toLowerCase());
  const allTables = () => wb.sheets.flatMap((s) => s.tables);
  const cellAt = (sheet, r, c) => sheet.cells.get(key(r, c));
  const cellFor = (sheet, r, c) => {
    let cell = sheet.cells.get(key(r, c));
    if (!cell) {
      cell = { value: '', formula: null, numberFormat: 'General', bold: false };
      sheet.cells.set(key(r, c), cell);
    }
    return cell;
  };
  function grid(target, read) {
    const out = [];
    for (let i = 0; i < target.area.rows; i++) {
      const row = [];
      for (let j = 0; j < target.area.cols; j++)
        row.push(read(cellAt(target.sheet, target.area.r0 + i, target.area.c0 + j)));
      out.push(row);
    }
    return out;
  }
  function assign(target, matrix, what, write) {
    const ok =
      Array.isArray(matrix) &&
      matrix.length === target.area.rows &&
      matrix.every((row) => Array.isArray(row) && row.length === target.area.cols);
    if (!ok)
      throw new OfficeError(
        'InvalidArgument',
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}).`,
      );
    matrix.forEach((row, i) =>
      row.forEach((v, j) => write(cellFor(target.sheet, target.area.r0 + i, target.area.c0 + j), v)),
    );
  }
  function usedArea(sheet) {
    let r0 = Number.POSITIVE_INFINITY;
    let c0 = Number.POSITIVE_INFINITY;
    let r1 = -1;
    let c1 = -1;
    for (const [k, cell] of sheet.cells) {
      if (cell.value === '' && cell.formula === null) continue;
      const [r, c] = k.split(',').map(Number);
      r0 = Math.min(r0, r);
      c0 = Math.min(c0, c);
      r1 = Math.max(r1, r);
      c1 = Math.max(c1, c);
    }
    return r1 < 0 ? null : { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }

  // ---- proxies ----
  /** A client object: properties set are queued; properties loaded are readable after sync. */
  class ClientObject {
    constructor(ctx, resolve) {
      this._ctx = ctx;
      this._resolve = resolve;
      this._loaded = null;
      this._null = false;
    }
    _queue(op) {
      this._ctx._ops.push(() => op(this._resolve()));
    }
    load(props) {
      const list =
        typeof props === 'string' ? props.split(',').map((p) => p.trim()) : props ? Object.keys(props) : [];
      this._ctx._ops.push(() => {
        const target = this._resolve();
        this._loaded = { ...(this._loaded ?? {}), ...this._read(target, list) };
      });
      return this;
    }
    _get(name) {
      if (!this._loaded || !(name in this._loaded))
        throw new OfficeError(
          'PropertyNotLoaded',
          `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
        );
      return this._loaded[name];
    }
  }

  class RangeFormat {
    constructor(range) {
      this._range = range;
      this.font = {};
      Object.defineProperty(this.font, 'bold', {
        set: (v) =>
          range._queue((t) =>
            grid(t, () => 0).forEach((row, i) =>
              row.forEach((_, j) => {
                cellFor(t.sheet, t.area.r0 + i, t.area.c0 + j).bold = !!v;
              }),
            ),
          ),
      });
    }
    set columnWidth(w) {
      this._range._queue((t) => {
        for (let j = 0; j < t.area.cols; j++) t.sheet.widths[colName(t.area.c0 + j)] = w;
      });
    }
    autofitColumns() {
      this._range._queue(() => {});
    }
  }

  class Range extends ClientObject {
    constructor(ctx, resolve) {
      super(ctx, resolve);
      this.format = new RangeFormat(this);
    }
    _read(t, props) {
      if (t === null) return {};
      const out = {};
      for (const p of props) {
        if (p === 'address') out.address = `${quote(t.sheet.name)}!${areaText(t.area)}`;
        else if (p === 'values') out.values = grid(t, (c) => (c ? c.value : ''));
        else if (p === 'formulas') out.formulas = grid(t, (c) => (c ? (c.formula ?? c.value) : ''));
        else if (p === 'numberFormat') out.numberFormat = grid(t, (c) => (c ? c.numberFormat : 'General'));
        else if (p === 'rowCount') out.rowCount = t.area.rows;
        else if (p === 'columnCount') out.columnCount = t.area.cols;
        else throw new OfficeError('InvalidArgument', `Range has no property ${p} in this stub`);
      }
      return out;
    }
    get address() {
      return this._get('address');
    }
    get values() {
      return this._get('values');
    }
    set values(v) {
      this._queue((t) =>
        assign(t, v, 'values', (cell, x) => {
          cell.value = x === null || x === undefined ? '' : x;
          cell.formula = null;
        }),
      );
    }
    get formulas() {
      return this._get('formulas');
    }
    set formulas(v) {
      this._queue((t) =>
        assign(t, v, 'formulas', (cell, x) => {
          if (typeof x === 'string' && x.startsWith('=')) {
            cell.formula = x;
            cell.value = '';
          } else {
            cell.formula = null;
            cell.value = x;
          }
        }),
      );
    }
    get numberFormat() {
      return this._get('numberFormat');
    }
    set numberFormat(v) {
      this._queue((t) =>
        assign(t, v, 'numberFormat', (cell, x) => {
          cell.numberFormat = x;
        }),
      );
    }
    get isNullObject() {
      if (!this._settled)
        throw new OfficeError(
          'PropertyNotLoaded',
          "The property 'isNullObject' is not available before context.sync().",
        );
      return this._null;
    }
    select() {
      this._queue((t) => {
        wb.active = t.sheet.name;
        wb.selection = { sheet: t.sheet.name, areas: [areaText(t.area)] };
      });
    }
    calculate() {
      this._queue((t) => wb.calculated.push(`${quote(t.sheet.name)}!${areaText(t.area)}`));
    }
  }

  const rangeOn = (ctx, sheetResolve, address) =>
    new Range(ctx, () => {
      const sheet = sheetResolve();
      return { sheet, area: parseArea(address) };
    });

  class RangeAreas extends ClientObject {
    constructor(ctx, sheetResolve, addresses) {
      super(ctx, () => ({ sheet: sheetResolve(), areas: addresses.split(',').map(parseArea) }));
    }
    select() {
      this._queue((t) => {
        wb.active = t.sheet.name;
        wb.selection = { sheet: t.sheet.name, areas: t.areas.map(areaText) };
      });
    }
  }

  class Chart {
    constructor(ctx, resolve) {
      this._ctx = ctx;
      this._resolve = resolve;
      this.title = {};
      Object.defineProperty(this.title, 'text', {
        set: (v) =>
          this._queue((c) => {
            c.title = v;
          }),
      });
      this.series = {
        getItemAt: (i) => ({
          setXAxisValues: (range) =>
            this._queue((c) => {
              const t = range._resolve();
              if (!c.series[i]) throw new OfficeError('ItemNotFound', `The chart has no series ${i}.`);
              c.series[i].categories = `${quote(t.sheet.name)}!${areaText(t.area)}`;
            }),
        }),
      };
    }
    _queue(op) {
      this._ctx._ops.push(() => op(this._resolve()));
    }
    setPosition(start) {
      this._queue((c) => {
        c.position = start;
      });
    }
  }

  class Table extends ClientObject {
    _read(t, props) {
      const out = {};
      for (const p of props) {
        if (p === 'name') out.name = t.name;
        else throw new OfficeError('InvalidArgument', `Table has no property ${p} in this stub`);
      }
      return out;
    }
    get name() {
      return this._get('name');
    }
    set name(v) {
      this._queue((t) => {
        if (
          !/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(v) ||
          allTables().some((x) => x !== t && x.name.toLowerCase() === v.toLowerCase())
        )
          throw new OfficeError('InvalidArgument', `The table name "${v}" is invalid or already used.`);
        t.name = v;
      });
    }
    _part(kind, col) {
      return new Range(this._ctx, () => {
        const t = this._resolve();
        const a = t.area;
        if (kind === 'all') return { sheet: t.sheet, area: a };
        if (kind === 'header') return { sheet: t.sheet, area: { ...a, rows: 1 } };
        const body = { ...a, r0: a.r0 + 1, rows: a.rows - 1 };
        if (kind === 'body') return { sheet: t.sheet, area: body };
        if (col >= a.cols) throw new OfficeError('ItemNotFound', `The table has no column ${col}.`);
        return { sheet: t.sheet, area: { ...body, c0: a.c0 + col, cols: 1 } };
      });
    }
    getRange() {
      return this._part('all');
    }
    getHeaderRowRange() {
      return this._part('header');
    }
    getDataBodyRange() {
      return this._part('body');
    }
    get columns() {
      return { getItemAt: (i) => ({ getDataBodyRange: () => this._part('column', i) }) };
    }
  }

  function collection(ctx, list, toObject, props) {
    const obj = {
      _loaded: null,
      load() {
        ctx._ops.push(() => {
          obj._loaded = list().map((x) => {
            const o = toObject(() => x);
            o._loaded = o._read(x, props);
            return o;
          });
        });
        return obj;
      },
      get items() {
        if (!obj._loaded)
          throw new OfficeError(
            'PropertyNotLoaded',
            "The property 'items' is not available. Call load and context.sync() first.",
          );
        return obj._loaded;
      },
    };
    return obj;
  }

  class Worksheet extends ClientObject {
    _read(s, props) {
      const out = {};
      for (const p of props) if (p === 'name') out.name = s.name;
      return out;
    }
    get name() {
      return this._get('name');
    }
    get isNullObject() {
      return this._null;
    }
    getRange(address) {
      return rangeOn(this._ctx, this._resolve, address);
    }
    getRanges(addresses) {
      return new RangeAreas(this._ctx, this._resolve, addresses);
    }
    getUsedRangeOrNullObject() {
      const r = new Range(this._ctx, () => {
        const sheet = this._resolve();
        const area = usedArea(sheet);
        return area ? { sheet, area } : null;
      });
      this._ctx._ops.push(() => {
        r._null = r._resolve() === null;
        r._settled = true;
      });
      return r;
    }
    activate() {
      this._queue((s) => {
        wb.active = s.name;
      });
    }
    get tables() {
      const ctx = this._ctx;
      const sheetOf = this._resolve;
      return {
        add: (address, hasHeaders) => {
          let made;
          ctx._ops.push(() => {
            const sheet = sheetOf();
            const area = parseArea(address);
            const clash = allTables().find((t) => t.sheet === sheet && overlaps(t.area, area));
            if (clash)
              throw new OfficeError(
                'InvalidArgument',
                `A table can't overlap another table (${clash.name}).`,
              );
            let n = allTables().length + 1;
            while (allTables().some((t) => t.name === `Table${n}`)) n++;
            made = { name: `Table${n}`, sheet, area, hasHeaders: !!hasHeaders };
            sheet.tables.push(made);
          });
          return new Table(ctx, () => made);
        },
      };
    }
    get charts() {
      const ctx = this._ctx;
      const sheetOf = this._resolve;
      return {
        add: (type, source, seriesBy) => {
          let made;
          ctx._ops.push(() => {
            const sheet = sheetOf();
            const t = source._resolve();
            made = {
              type,
              seriesBy,
              title: '',
              position: null,
              series: [{ values: `${quote(t.sheet.name)}!${areaText(t.area)}`, categories: null }],
            };
            sheet.charts.push(made);
          });
          return new Chart(ctx, () => made);
        },
      };
    }
  }
  const overlaps = (a, b) =>
    a.r0 < b.r0 + b.rows && b.r0 < a.r0 + a.rows && a.c0 < b.c0 + b.cols && b.c0 < a.c0 + a.cols;

  class RequestContext {
    constructor() {
      this._ops = [];
      const sheetByName = (name) => () => {
        const s = findSheet(name);
        if (!s)
          throw new OfficeError(
            'ItemNotFound',
            `The requested resource doesn't exist (worksheet "${name}").`,
          );
        return s;
      };
      this.workbook = {
        worksheets: {
          getItem: (name) => new Worksheet(this, sheetByName(name)),
          getItemOrNullObject: (name) => {
            const ws = new Worksheet(this, () => findSheet(name) ?? null);
            this._ops.push(() => {
              ws._null = !findSheet(name);
            });
            return ws;
          },
          getActiveWorksheet: () => new Worksheet(this, () => findSheet(wb.active) ?? wb.sheets[0]),
          add: (name) => {
            let made;
            this._ops.push(() => {
              made = newSheet(name);
            });
            return new Worksheet(this, () => made);
          },
        },
        tables: {
          getItem: (name) =>
            new Table(this, () => {
              const t = allTables().find((x) => x.name.toLowerCase() === String(name).toLowerCase());
              if (!t)
                throw new OfficeError(
                  'ItemNotFound',
                  `The requested resource doesn't exist (table "${name}").`,
                );
              return t;
            }),
        },
        getSelectedRange: () =>
          new Range(this, () => {
            if (!wb.selection)
              throw new OfficeError(
                'InvalidSelection',
                'The current selection is invalid for this operation.',
              );
            if (wb.selection.areas.length > 1)
              throw new OfficeError(
                'InvalidSelection',
                'The current selection is invalid for this operation (several areas).',
              );
            return { sheet: findSheet(wb.selection.sheet), area: parseArea(wb.selection.areas[0]) };
          }),
      };
      // Collections: load('items/name') then items after sync.
      for (const c of [this.workbook.worksheets, this.workbook.tables]) {
        const col = collection(
          this,
          c === this.workbook.worksheets ? () => wb.sheets : allTables,
          (r) => (c === this.workbook.worksheets ? new Worksheet(this, r) : new Table(this, r)),
          ['name'],
        );
        c.load = col.load;
        Object.defineProperty(c, 'items', { get: () => col.items });
      }
    }
    async sync() {
      const ops = this._ops;
      this._ops = [];
      wb.syncs++;
      await new Promise((r) => setTimeout(r, 0));
      for (const op of ops) op();
    }
  }

  window.Excel = {
    run: async (batch) => batch(new RequestContext()),
    ChartSeriesBy: { auto: 'Auto', columns: 'Columns', rows: 'Rows' },
    CalculationType: { recalculate: 'Recalculate', full: 'Full', fullRebuild: 'FullRebuild' },
  };

  const theme = window.__officeTheme ?? {
    bodyBackgroundColor: '#FFFFFF',
    bodyForegroundColor: '#000000',
    controlBackgroundColor: '#FFFFFF',
    controlForegroundColor: '#000000',
  };
  // Requirement sets as Excel reports them; versions compare part by part (1.17 is newer than 1.9).
  const supported = { ExcelApi: '1.17', SharedRuntime: '1.1', CustomFunctionsRuntime: '1.5' };
  const newerOrSame = (have, want) => {
    const [a, b] = [have, want].map((v) =>
      String(v ?? '1.1')
        .split('.')
        .map(Number),
    );
    return a[0] !== b[0] ? a[0] > b[0] : (a[1] ?? 0) >= (b[1] ?? 0);
  };
  window.Office = {
    HostType: { Excel: 'Excel', Word: 'Word' },
    PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady(callback) {
      const info = { host: 'Excel', platform: 'PC' };
      return new Promise((resolve) =>
        setTimeout(() => {
          callback?.(info);
          resolve(info);
        }, 0),
      );
    },
    context: {
      officeTheme: theme,
      requirements: { isSetSupported: (name, v) => name in supported && newerOrSame(supported[name], v) },
      document: {
        settings: {
          get: (k) => (k in wb.settings ? wb.settings[k] : null),
          set: (k, v) => {
            wb.settings[k] = v;
          },
          remove: (k) => {
            delete wb.settings[k];
          },
          saveAsync: (cb) => setTimeout(() => cb?.({ status: 'succeeded', value: undefined }), 0),
        },
      },
    },
  };

  /** What tests use to seed and inspect the workbook. */
  window.__excel = {
    state: wb,
    addSheet(name, values = [], at = 'A1') {
      const sheet = findSheet(name) ?? newSheet(name);
      const a = parseArea(at);
      values.forEach((row, i) =>
        row.forEach((v, j) => {
          cellFor(sheet, a.r0 + i, a.c0 + j).value = v;
        }),
      );
      if (!wb.active) wb.active = name;
      return sheet.name;
    },
    addTable(sheetName, tableName, address) {
      const sheet = findSheet(sheetName);
      sheet.tables.push({ name: tableName, sheet, area: parseArea(address), hasHeaders: true });
    },
    select(sheetName, address) {
      wb.active = sheetName;
      wb.selection = { sheet: sheetName, areas: [address] };
    },
    cell(sheetName, a1) {
      const s = findSheet(sheetName);
      const a = parseArea(a1);
      const c = s && cellAt(s, a.r0, a.c0);
      return c ? { value: c.value, formula: c.formula, numberFormat: c.numberFormat, bold: c.bold } : null;
    },
    sheetNames: () => wb.sheets.map((s) => s.name),
    tables: () => allTables().map((t) => ({ name: t.name, sheet: t.sheet.name, address: areaText(t.area) })),
    charts: (sheetName) => findSheet(sheetName)?.charts ?? [],
    formulas(sheetName) {
      const s = findSheet(sheetName);
      return s
        ? [...s.cells]
            .filter(([, c]) => c.formula)
            .map(([k, c]) => {
              const [r, col] = k.split(',').map(Number);
              return [`${colName(col)}${r + 1}`, c.formula];
            })
        : [];
    },
  };
})();
