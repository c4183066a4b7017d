/* A recalculation host without Excel: a grid of cells whose formulas are evaluated by fast-formula-parser (MIT,
 * not ours), with the dependency graph, dirty propagation, concurrent evaluation of independent cells (as Excel
 * runs async functions), spilled arrays (#SPILL! when blocked) and Data-Table-style substitution kept here.
 * Functions of the add-in's namespace go through the fake custom-functions runtime exactly as Excel would call
 * them; everything else is fast-formula-parser's own Excel functions.
 *
 * Known simplifications (stated, so nobody mistakes them for Excel): one calculation chain per host, no
 * implicit intersection, no volatile functions, ROW()/COLUMN() unreliable while cells evaluate concurrently. */
import FormulaParser, { type FunctionArg } from 'fast-formula-parser';
import { type Position, type Rect, cellRect, formatAddress, intersects, parseAddress } from './addresses.ts';
import {
  type CellResult,
  type ErrorValue,
  type FakeCustomFunctionsRuntime,
  type FunctionMeta,
  type RunningCall,
  isError,
} from './fakeCustomFunctions.ts';

type Scalar = number | string | boolean | null;
export type Value = Scalar | ErrorValue;

interface Cell {
  input?: Scalar;
  formula?: string;
  value: Value;
  /** An anchor's spilled values (including the anchor's own at [0][0]). */
  spill?: Value[][];
  /** The anchor a spilled cell shows a value of. */
  spilledFrom?: string;
  calls: Set<RunningCall>;
  streams: Map<string, StreamSub>;
  /** Streams read by the evaluation in progress. */
  reading?: Set<string>;
  /** Where a blocked spill (#SPILL!) would go: clearing a cell there recalculates the anchor. */
  wanted?: Rect;
  /** Bumped at each evaluation: a superseded evaluation does not write its result. */
  generation: number;
  /** Ends the evaluation in progress when the cell is recalculated again (Excel drops its pending result). */
  supersede?: () => void;
}

interface StreamSub {
  leave: () => void;
  latest: CellResult | undefined;
  first: Promise<CellResult>;
  evaluated: boolean;
}

export interface RecalcReport {
  /** Formula cells evaluated, in completion order. */
  evaluated: string[];
}

type FFPArg = FunctionArg;
const { DepParser, FormulaError } = FormulaParser;

const BUSY: ErrorValue = { error: '#BUSY!' };
const SUPERSEDED = Symbol('superseded');

export class RecalcHost {
  private readonly cells = new Map<string, Cell>();
  private readonly precedents = new Map<string, Rect[]>();
  private readonly parsers = new Map<string, FormulaParser>();
  private readonly depParser = new DepParser();
  private readonly functions: Map<string, FunctionMeta>;
  private changed: Rect[] = [];
  private readonly dirty = new Set<string>();
  private readonly watchers = new Set<() => void>();
  private readonly running = new Set<Promise<RecalcReport>>();
  private autoRecalc: Promise<unknown> = Promise.resolve();

  constructor(
    readonly runtime: FakeCustomFunctionsRuntime,
    readonly metadata: { functions: FunctionMeta[] },
    readonly namespace = 'PACS',
    readonly defaultSheet = 'Sheet1',
  ) {
    this.functions = new Map(metadata.functions.map((f) => [`${namespace}.${f.id}`.toUpperCase(), f]));
  }

  // ---- editing -------------------------------------------------------------------------------------------

  /** Sets a constant, or a formula when the text starts with '='. Takes effect at the next recalculation. */
  set(address: string, input: Scalar): void {
    const p = parseAddress(address, this.defaultSheet);
    const key = formatAddress(p);
    const old = this.cells.get(key);
    if (old) this.leaveStreams(old, new Set());
    for (const c of old?.calls ?? []) c.cancel();
    old?.supersede?.();
    const cell: Cell = { value: null, calls: new Set(), streams: new Map(), generation: 0 };
    if (typeof input === 'string' && input.startsWith('=')) {
      cell.formula = this.fromStorage(input.slice(1));
      cell.value = BUSY;
      this.precedents.set(key, this.refsOf(cell.formula, p));
      this.dirty.add(key);
    } else {
      cell.input = input;
      cell.value = input;
      this.precedents.delete(key);
    }
    if (old?.spill) this.clearSpill(key, old);
    if (input === null) this.cells.delete(key);
    else this.cells.set(key, cell);
    this.changed.push(cellRect(p));
  }

  /** Several cells at once: `{ A1: 1, B1: '=A1*2' }`. */
  setMany(cells: Record<string, Scalar>): void {
    for (const [a, v] of Object.entries(cells)) this.set(a, v);
  }

  // ---- reading -------------------------------------------------------------------------------------------

  value(address: string): Value {
    return this.read(formatAddress(parseAddress(address, this.defaultSheet)));
  }

  /** Values of a rectangle, row by row. */
  range(from: string, rows: number, cols: number): Value[][] {
    const p = parseAddress(from, this.defaultSheet);
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) =>
        this.read(formatAddress({ ...p, row: p.row + r, col: p.col + c })),
      ),
    );
  }

  formulaCells(): string[] {
    return [...this.cells.entries()].filter(([, c]) => c.formula !== undefined).map(([k]) => k);
  }

  /** Formula cells still waiting on a function (#BUSY! or an unsettled recalculation). */
  busyCells(): string[] {
    return this.formulaCells().filter((k) => {
      const c = this.cells.get(k)!;
      return c.calls.size > 0 || (isError(c.value) && c.value.error === '#BUSY!');
    });
  }

  // ---- recalculation -------------------------------------------------------------------------------------

  /** Recalculates what changed since the last recalculation and everything that depends on it. An edit made
   *  while a recalculation runs starts its own at once, as in Excel: cells it recalculates drop what they were
   *  waiting for. */
  recalculate(): Promise<RecalcReport> {
    const run = this.pass();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  /** Excel's full recalculation (what the pane's Refresh asks for): every formula cell. */
  recalculateAll(): Promise<RecalcReport> {
    for (const k of this.formulaCells()) this.dirty.add(k);
    return this.recalculate();
  }

  /** Resolves once `condition` holds, re-checked on every change (streams, recalculations). */
  waitFor(condition: () => boolean, what = 'condition', timeoutMs = 60_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.watchers.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
    });
  }

  /** Settles when automatic recalculations started by streams have finished. */
  async settled(): Promise<void> {
    await this.autoRecalc;
    await Promise.all([...this.running]);
  }

  /** A copy of the workbook's cells that recalculates on its own (Data Table substitutions). */
  fork(): RecalcHost {
    const copy = new RecalcHost(this.runtime, this.metadata, this.namespace, this.defaultSheet);
    for (const [k, c] of this.cells)
      copy.cells.set(k, {
        ...(c.input !== undefined ? { input: c.input } : {}),
        ...(c.formula !== undefined ? { formula: c.formula } : {}),
        value: c.value,
        ...(c.spill ? { spill: c.spill } : {}),
        ...(c.spilledFrom ? { spilledFrom: c.spilledFrom } : {}),
        calls: new Set(),
        streams: new Map(),
        generation: 0,
      });
    for (const [k, p] of this.precedents) copy.precedents.set(k, p);
    return copy;
  }

  /** Excel's two-variable Data Table, TABLE(rowInput, colInput): the formula cell's value for each pair of
   *  input values, every pair calculated at once (so the add-in sees them together, as in one recalculation). */
  async dataTable(
    formulaCell: string,
    rowInput: string,
    rowValues: Scalar[],
    colInput: string,
    colValues: Scalar[],
  ): Promise<Value[][]> {
    // All copies are made (and their formula parsers built) before any recalculates, so their calls reach the
    // add-in together, as one recalculation's would.
    const forks = rowValues
      .map((rv) =>
        colValues.map((cv) => {
          const f = this.fork();
          f.set(rowInput, rv);
          f.set(colInput, cv);
          for (const k of f.formulaCells()) f.parser(parseAddress(k, f.defaultSheet).sheet);
          return f;
        }),
      )
      .map((row) =>
        row.map(async (f) => {
          await f.recalculate();
          return f.value(formulaCell);
        }),
      );
    return Promise.all(forks.map((row) => Promise.all(row)));
  }

  private async pass(): Promise<RecalcReport> {
    const evaluated: string[] = [];
    for (let round = 0; round < 20; round++) {
      const dirty = this.affected();
      if (dirty.size === 0) break;
      const areaOf = (k: string) => this.area(k);
      const done = new Map<string, Promise<void>>();
      const visiting = new Set<string>();
      const evaluate = (k: string): Promise<void> => {
        let p = done.get(k);
        if (p) return p;
        visiting.add(k);
        const deps = [...dirty].filter(
          (d) => d !== k && !visiting.has(d) && this.precedents.get(k)!.some((r) => intersects(r, areaOf(d))),
        );
        p = Promise.all(deps.map(evaluate)).then(async () => {
          const before = this.area(k);
          await this.compute(k);
          evaluated.push(k);
          const after = this.area(k);
          if (!sameRect(before, after)) this.changed.push(before, after);
        });
        visiting.delete(k);
        done.set(k, p);
        return p;
      };
      await Promise.all([...dirty].map(evaluate));
      this.notify();
    }
    return { evaluated };
  }

  /** Formula cells to evaluate: those marked dirty, and every formula reading a changed cell, transitively. */
  private affected(): Set<string> {
    const result = new Set(this.dirty);
    this.dirty.clear();
    let frontier = [...this.changed, ...[...result].map((k) => this.area(k))];
    this.changed = [];
    while (frontier.length > 0) {
      const next: Rect[] = [];
      for (const [k, refs] of this.precedents) {
        if (result.has(k)) continue;
        const wanted = this.cells.get(k)?.wanted;
        if ([...refs, ...(wanted ? [wanted] : [])].some((r) => frontier.some((f) => intersects(r, f)))) {
          result.add(k);
          next.push(this.area(k));
        }
      }
      frontier = next;
    }
    return result;
  }

  /** An anchor's cells: itself plus its spill. */
  private area(key: string): Rect {
    const p = parseAddress(key, this.defaultSheet);
    const spill = this.cells.get(key)?.spill;
    const rows = spill?.length ?? 1;
    const cols = spill?.[0]?.length ?? 1;
    return { sheet: p.sheet, r1: p.row, c1: p.col, r2: p.row + rows - 1, c2: p.col + cols - 1 };
  }

  private async compute(key: string): Promise<void> {
    const cell = this.cells.get(key);
    if (!cell?.formula) return;
    const p = parseAddress(key, this.defaultSheet);
    // Excel cancels what a recalculated cell was still waiting for.
    for (const c of [...cell.calls]) c.cancel();
    cell.calls.clear();
    cell.supersede?.();
    const generation = ++cell.generation;
    const superseded = new Promise<typeof SUPERSEDED>((resolve) => {
      cell.supersede = () => resolve(SUPERSEDED);
    });
    messages.delete(cell);
    const reading = new Set<string>();
    cell.reading = reading;
    let result: unknown;
    try {
      result = await Promise.race([
        this.parser(p.sheet).parseAsync(this.tagged(cell.formula, key), p, true),
        superseded,
      ]);
    } catch (e) {
      const text = String((e as Error).message ?? e);
      result = new FormulaError(/not implemented/i.test(text) ? '#NAME?' : '#ERROR!');
    }
    if (result === SUPERSEDED || cell.generation !== generation) return;
    cell.supersede = undefined;
    // Streams the formula no longer reads are left (the last cell leaving a stream cancels it).
    this.leaveStreams(cell, reading);
    if (this.cells.get(key) !== cell) return; // edited while evaluating
    this.place(key, cell, this.toValue(result, cell));
  }

  /** What a PACS.* call in a formula does: Excel's invocation through the fake runtime. */
  private callFunction(meta: FunctionMeta, address: string, args: FFPArg[]): Promise<unknown> {
    const cell = this.cells.get(address);
    const values = args.map((a) => (a.omitted ? null : toArgument(a.value)));
    if (meta.options?.stream) return this.streamValue(meta, address, cell, values);
    const call = this.runtime.invoke(meta.id, values, address);
    cell?.calls.add(call);
    return call.result.then((r) => {
      cell?.calls.delete(call);
      return fromResult(r, cell);
    });
  }

  private streamValue(meta: FunctionMeta, address: string, cell: Cell | undefined, values: unknown[]) {
    if (!cell) return Promise.resolve(new FormulaError('#REF!'));
    const key = JSON.stringify([meta.id, values]);
    let sub = cell.streams.get(key);
    if (!sub) {
      let resolveFirst!: (r: CellResult) => void;
      const s: StreamSub = {
        leave: () => {},
        latest: undefined,
        first: new Promise((r) => {
          resolveFirst = r;
        }),
        evaluated: false,
      };
      s.leave = this.runtime.stream(meta.id, values, address, (r) => {
        s.latest = r;
        resolveFirst(r);
        if (s.evaluated) {
          // A new streamed value: the cell and its dependents recalculate (Excel does so on setResult).
          this.dirty.add(address);
          this.autoRecalc = this.autoRecalc.then(() => this.recalculate());
        }
      });
      cell.streams.set(key, s);
      sub = s;
    }
    const s = sub;
    cell.reading?.add(key);
    return (s.latest ? Promise.resolve(s.latest) : s.first).then((r) => {
      s.evaluated = true;
      return fromResult(r, cell);
    });
  }

  /** Leaves the cell's streams not in `keep`. */
  private leaveStreams(cell: Cell, keep: Set<string>): void {
    for (const [k, s] of cell.streams)
      if (!keep.has(k)) {
        s.leave();
        cell.streams.delete(k);
      }
  }

  private toValue(result: unknown, cell: Cell): Value | Value[][] {
    if (Array.isArray(result)) return (result as unknown[][]).map((r) => r.map((v) => scalarOf(v, cell)));
    return scalarOf(result, cell);
  }

  private place(key: string, cell: Cell, value: Value | Value[][]): void {
    const p = parseAddress(key, this.defaultSheet);
    if (cell.spill) this.clearSpill(key, cell);
    delete cell.wanted;
    if (!Array.isArray(value)) {
      cell.value = value;
      return;
    }
    // Blocked if any target (other than the anchor) has content or belongs to another spill.
    for (let r = 0; r < value.length; r++)
      for (let c = 0; c < value[r]!.length; c++) {
        if (r === 0 && c === 0) continue;
        const t = this.cells.get(formatAddress({ ...p, row: p.row + r, col: p.col + c }));
        if (
          t &&
          (t.input !== undefined || t.formula !== undefined || (t.spilledFrom && t.spilledFrom !== key))
        ) {
          cell.value = { error: '#SPILL!' };
          cell.wanted = {
            sheet: p.sheet,
            r1: p.row,
            c1: p.col,
            r2: p.row + value.length - 1,
            c2: p.col + value[0]!.length - 1,
          };
          return;
        }
      }
    cell.spill = value;
    cell.value = value[0]![0]!;
    for (let r = 0; r < value.length; r++)
      for (let c = 0; c < value[r]!.length; c++) {
        if (r === 0 && c === 0) continue;
        const a = formatAddress({ ...p, row: p.row + r, col: p.col + c });
        this.cells.set(a, {
          value: value[r]![c]!,
          spilledFrom: key,
          calls: new Set(),
          streams: new Map(),
          generation: 0,
        });
      }
  }

  private clearSpill(key: string, cell: Cell): void {
    const p = parseAddress(key, this.defaultSheet);
    const spill = cell.spill ?? [];
    for (let r = 0; r < spill.length; r++)
      for (let c = 0; c < spill[r]!.length; c++) {
        if (r === 0 && c === 0) continue;
        const a = formatAddress({ ...p, row: p.row + r, col: p.col + c });
        if (this.cells.get(a)?.spilledFrom === key) this.cells.delete(a);
      }
    delete cell.spill;
  }

  private read(key: string): Value {
    const c = this.cells.get(key);
    if (!c) return null;
    return c.value;
  }

  private notify(): void {
    for (const w of [...this.watchers]) w();
  }

  // ---- formulas ------------------------------------------------------------------------------------------

  /** One parser per sheet: fast-formula-parser resolves unqualified references with the position of the
   *  formula it parsed last, so concurrent evaluations on one parser must share a sheet. */
  private parser(sheet: string): FormulaParser {
    let parser = this.parsers.get(sheet);
    if (parser) return parser;
    const functions: Record<string, (...a: FFPArg[]) => unknown> = {};
    for (const [name, meta] of this.functions)
      functions[name] = (address, ...args) => this.callFunction(meta, String(address?.value), args);
    parser = new FormulaParser({
      functions,
      onCell: (ref) => toFormulaValue(this.read(formatAddress(ref))),
      onRange: (ref) => {
        const rows: unknown[][] = [];
        for (let r = ref.from.row; r <= ref.to.row; r++) {
          const row: unknown[] = [];
          for (let c = ref.from.col; c <= ref.to.col; c++)
            row.push(toFormulaValue(this.read(formatAddress({ sheet: ref.sheet, row: r, col: c }))));
          rows.push(row);
        }
        return rows;
      },
    });
    this.parsers.set(sheet, parser);
    return parser;
  }

  /** Passes the calling cell's address to the namespace's functions as a hidden first argument (the parser's own
   *  context is shared by concurrent evaluations). Text inside string literals is left alone. */
  private tagged(formula: string, address: string): string {
    const pattern = new RegExp(`(${this.namespace}\\.[A-Z][A-Z0-9_.]*)\\(\\s*(\\)?)`, 'gi');
    return formula
      .split(/("(?:[^"]|"")*")/)
      .map((part, i) =>
        i % 2 === 1
          ? part
          : part.replace(pattern, (_m, name: string, close: string) =>
              close ? `${name}("${address}")` : `${name}("${address}",`,
            ),
      )
      .join('');
  }

  /** Excel files store add-in functions as _xldudf_<NAMESPACE>_<ID>; with the add-in loaded they read as
   *  NAMESPACE.ID. A stored name of another namespace stays as it is (#NAME?). */
  private fromStorage(formula: string): string {
    return formula.replace(/_xldudf_([A-Za-z0-9_]+)\(/g, (whole, stored: string) => {
      for (const name of this.functions.keys())
        if (name.replace(/\./g, '_') === stored.toUpperCase()) return `${name}(`;
      return whole;
    });
  }

  private refsOf(formula: string, p: Position): Rect[] {
    let refs: unknown[];
    try {
      refs = this.depParser.parse(formula, p);
    } catch {
      return [];
    }
    return refs.map((r) => {
      const ref = r as { sheet?: string; row?: number; col?: number; from?: Position; to?: Position };
      const sheet = ref.sheet ?? p.sheet;
      if (ref.from && ref.to)
        return { sheet, r1: ref.from.row, c1: ref.from.col, r2: ref.to.row, c2: ref.to.col };
      return { sheet, r1: ref.row!, c1: ref.col!, r2: ref.row!, c2: ref.col! };
    });
  }
}

/** Messages of errors a PACS function returned in a cell, keyed by the cell: Excel shows the message of the
 *  error a cell's own function produced. */
const messages = new WeakMap<Cell, Map<string, string>>();

export function messageOf(host: RecalcHost, address: string): string | undefined {
  const v = host.value(address);
  return isError(v) ? v.message : undefined;
}

function fromResult(r: CellResult, cell: Cell | undefined): unknown {
  if (isError(r)) {
    if (cell && r.message) {
      const m = messages.get(cell) ?? new Map<string, string>();
      m.set(r.error, r.message);
      messages.set(cell, m);
    }
    return new FormulaError(r.error);
  }
  const v = r.value;
  if (Array.isArray(v)) return v.map((row) => row.map((c) => (isError(c) ? new FormulaError(c.error) : c)));
  return v;
}

function scalarOf(v: unknown, cell: Cell): Value {
  if (v instanceof FormulaError) {
    const code = v.error;
    const message = messages.get(cell)?.get(code);
    return message ? { error: code, message } : { error: code };
  }
  if (v === undefined) return null;
  return v as Scalar;
}

function toArgument(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((r) => (Array.isArray(r) ? r.map(toArgument) : toArgument(r)));
  if (v && typeof v === 'object' && 'error' in v) return { error: String((v as { error: string }).error) };
  return v === undefined ? null : v;
}

function toFormulaValue(v: Value): unknown {
  if (isError(v)) return new FormulaError(v.error);
  return v;
}

const sameRect = (a: Rect, b: Rect) => a.r1 === b.r1 && a.c1 === b.c1 && a.r2 === b.r2 && a.c2 === b.c2;
