/* A faithful fake of Excel's custom-functions runtime: what Excel does between a cell and an add-in's
 * functions, modelled on office.js's custom-functions-runtime.js (CustomFunctionProxy, Association,
 * CustomFunctionError) and the documented behaviour (excel-addin-platform.md §1.2-1.7):
 *   - associate(id, fn) and associate({id: fn}); ids are matched upper-cased; duplicates and bad arguments are
 *     warnings, not errors;
 *   - a function Excel's metadata does not declare is #NAME?; one declared but not associated is #N/A;
 *   - arguments are coerced to the declared type before the call (a text that is not a number for a number
 *     parameter is #VALUE! without calling); an error value in an argument propagates without a call; omitted
 *     optional arguments arrive as null; the invocation is appended after the declared parameters;
 *   - results: a CustomFunctions.Error (returned, thrown or rejected) shows its code, with its message only for
 *     #VALUE! and #N/A; any other thrown or rejected value is #VALUE! without a message; NaN and Infinity are #NUM!;
 *     a matrix must be rectangular, of numbers, text, booleans, blanks or errors;
 *   - cancelable functions get onCanceled when their invocation is cancelled, and a result arriving later is
 *     dropped; streaming functions set results with setResult, exceptions they throw are ignored, and cells with
 *     the same function and arguments share one stream, cancelled when the last cell leaves it;
 *   - a promise that never settles leaves the cell at #BUSY! (reported, so tests can assert none does). */

export const ErrorCode = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
} as const;

/** CustomFunctions.Error: an Error subclass whose code defaults to #VALUE!. */
export class CustomFunctionError extends Error {
  readonly code: string;
  constructor(code?: string, message?: string) {
    super(message ?? '');
    this.code = code ?? ErrorCode.invalidValue;
    this.name = 'CustomFunctionError';
  }
}

type Scalar = number | string | boolean | null;
export interface ErrorValue {
  error: string;
  message?: string;
}
export type CellResult = { value: Scalar | (Scalar | ErrorValue)[][] } | ErrorValue;

export interface ParameterMeta {
  name: string;
  type?: string;
  dimensionality?: string;
  optional?: boolean;
}
export interface FunctionMeta {
  id: string;
  name: string;
  parameters: ParameterMeta[];
  result: { type?: string; dimensionality?: string };
  options?: { stream?: boolean; cancelable?: boolean };
}

export const isError = (r: unknown): r is ErrorValue =>
  typeof r === 'object' && r !== null && typeof (r as ErrorValue).error === 'string';

interface Invocation {
  functionName: string;
  address: string;
  onCanceled?: () => void;
  setResult?: (value: unknown) => void;
}

export interface RunningCall {
  result: Promise<CellResult>;
  /** What Excel does when the cell is edited, deleted or recalculated while waiting. */
  cancel(): void;
}

interface Stream {
  key: string;
  invocation: Invocation;
  listeners: Set<(r: CellResult) => void>;
  last: CellResult | undefined;
  cancelled: boolean;
}

export class FakeCustomFunctionsRuntime {
  private readonly mappings = new Map<string, (...args: unknown[]) => unknown>();
  private readonly metadata = new Map<string, FunctionMeta>();
  private readonly streams = new Map<string, Stream>();
  private busy = 0;
  readonly warnings: string[] = [];
  /** Every invocation made, for assertions (function, address). */
  readonly invocations: { id: string; address: string }[] = [];

  /** The global the add-in's code sees as CustomFunctions. */
  readonly CustomFunctions = {
    associate: (...a: unknown[]) => this.associate(...a),
    Error: CustomFunctionError,
    ErrorCode,
  };

  constructor(functionsJson: { functions: FunctionMeta[] }) {
    for (const f of functionsJson.functions) this.metadata.set(f.id.toUpperCase(), f);
  }

  associated(): string[] {
    return [...this.mappings.keys()];
  }

  /** Invocations still waiting (cells at #BUSY!). */
  get pending(): number {
    return this.busy;
  }

  private associate(...a: unknown[]): void {
    if (a.length === 1 && typeof a[0] === 'object' && a[0]) {
      for (const [k, v] of Object.entries(a[0])) this.associate(k, v);
      return;
    }
    const [id, fn] = a;
    if (a.length !== 2 || typeof id !== 'string' || typeof fn !== 'function') {
      this.warnings.push('[InvalidArg] Function=associate');
      return;
    }
    const key = id.toUpperCase();
    if (this.mappings.has(key)) this.warnings.push(`[DuplicatedName] Function=${id}`);
    this.mappings.set(key, fn as (...args: unknown[]) => unknown);
  }

  /** A non-streaming call from a cell. */
  invoke(id: string, args: unknown[], address: string): RunningCall {
    const meta = this.metadata.get(id.toUpperCase());
    if (!meta) return settled({ error: ErrorCode.invalidName });
    if (meta.options?.stream) throw new Error(`${id} streams: use stream()`);
    const fn = this.mappings.get(meta.id.toUpperCase());
    if (!fn) return settled({ error: ErrorCode.notAvailable });
    const prepared = this.prepare(meta, args);
    if (isError(prepared)) return settled(prepared);
    this.invocations.push({ id: meta.id, address });
    const invocation: Invocation = { functionName: meta.id, address };
    let cancelled = false;
    let outcome: Promise<CellResult>;
    try {
      const r = fn(...prepared, invocation);
      outcome = Promise.resolve(r).then(
        (v) => shape(meta, v),
        (e) => fromThrown(e),
      );
    } catch (e) {
      outcome = Promise.resolve(fromThrown(e));
    }
    this.busy++;
    const result = outcome.finally(() => {
      if (!cancelled) this.busy--;
    });
    return {
      result,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        this.busy--;
        if (meta.options?.cancelable) invocation.onCanceled?.();
      },
    };
  }

  /** A streaming call from a cell: cells with the same function and arguments share one stream. Returns the
   *  cell's way to leave the stream. */
  stream(id: string, args: unknown[], address: string, listener: (r: CellResult) => void): () => void {
    const meta = this.metadata.get(id.toUpperCase());
    const fn = meta && this.mappings.get(meta.id.toUpperCase());
    if (!meta?.options?.stream || !fn) {
      listener({ error: meta ? ErrorCode.notAvailable : ErrorCode.invalidName });
      return () => {};
    }
    const prepared = this.prepare(meta, args);
    if (isError(prepared)) {
      listener(prepared);
      return () => {};
    }
    const key = JSON.stringify([meta.id, prepared]);
    let stream = this.streams.get(key);
    if (!stream) {
      const s: Stream = {
        key,
        invocation: { functionName: meta.id, address },
        listeners: new Set(),
        last: undefined,
        cancelled: false,
      };
      s.invocation.setResult = (v: unknown) => {
        if (s.cancelled) return; // "already cancelled": Excel drops it
        s.last = shape(meta, v);
        for (const l of s.listeners) l(s.last);
      };
      this.streams.set(key, s);
      stream = s;
      this.invocations.push({ id: meta.id, address });
      try {
        fn(...prepared, s.invocation);
      } catch {
        // Exceptions thrown by streaming functions are ignored; the cell keeps what it had.
      }
    }
    const s = stream;
    s.listeners.add(listener);
    if (s.last) listener(s.last);
    return () => {
      s.listeners.delete(listener);
      if (s.listeners.size > 0 || s.cancelled) return;
      s.cancelled = true;
      this.streams.delete(s.key);
      s.invocation.onCanceled?.();
    };
  }

  /** Excel's coercion of cell values to the declared parameters; an error value or a failed coercion is the
   *  cell's result without a call. */
  private prepare(meta: FunctionMeta, args: unknown[]): unknown[] | ErrorValue {
    const out: unknown[] = [];
    for (let i = 0; i < meta.parameters.length; i++) {
      const p = meta.parameters[i]!;
      const v = args[i];
      if (isError(v)) return { error: v.error };
      if (p.dimensionality === 'matrix') {
        if (v === undefined || v === null) out.push(null);
        else if (Array.isArray(v)) {
          const bad = (v as unknown[][]).flat().find(isError);
          if (bad) return { error: bad.error };
          out.push(v);
        } else out.push([[v]]);
        continue;
      }
      if (Array.isArray(v)) {
        // A multi-cell range for a single-value parameter: Excel's implicit intersection is not modelled.
        if (v.length === 1 && (v[0] as unknown[]).length === 1) {
          const c = coerce(p, (v[0] as unknown[])[0]);
          if (isError(c)) return c;
          out.push(c);
          continue;
        }
        return { error: ErrorCode.invalidValue };
      }
      const c = coerce(p, v);
      if (isError(c)) return c;
      out.push(c);
    }
    return out;
  }
}

function coerce(p: ParameterMeta, v: unknown): Scalar | ErrorValue {
  if (v === undefined || v === null) return null;
  switch (p.type) {
    case 'number':
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
      return { error: ErrorCode.invalidValue };
    case 'string':
      if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
      return String(v);
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toUpperCase() === 'TRUE';
      return { error: ErrorCode.invalidValue };
    default:
      return v as Scalar;
  }
}

function settled(r: CellResult): RunningCall {
  return { result: Promise.resolve(r), cancel: () => {} };
}

function fromThrown(e: unknown): ErrorValue {
  if (e instanceof CustomFunctionError) return errorOf(e);
  return { error: ErrorCode.invalidValue };
}

function errorOf(e: CustomFunctionError): ErrorValue {
  const withMessage = e.code === ErrorCode.invalidValue || e.code === ErrorCode.notAvailable;
  return withMessage && e.message ? { error: e.code, message: e.message } : { error: e.code };
}

/** What a returned value shows as. */
function shape(meta: FunctionMeta, v: unknown): CellResult {
  if (v instanceof CustomFunctionError) return errorOf(v);
  if (v instanceof Error) return { error: ErrorCode.invalidValue };
  if (meta.result.dimensionality === 'matrix') {
    if (!Array.isArray(v) || v.length === 0 || !v.every(Array.isArray))
      return { error: ErrorCode.invalidValue };
    const width = (v[0] as unknown[]).length;
    if (width === 0 || !v.every((r) => (r as unknown[]).length === width))
      return { error: ErrorCode.invalidValue };
    const cells = (v as unknown[][]).map((r) => r.map(cell));
    return { value: cells };
  }
  const c = cell(v);
  if (isError(c)) return c;
  if (Array.isArray(v)) return { error: ErrorCode.invalidValue };
  return { value: c };
}

function cell(v: unknown): Scalar | ErrorValue {
  if (v instanceof CustomFunctionError) return errorOf(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : { error: ErrorCode.invalidNumber };
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
  if (v === undefined) return null;
  return { error: ErrorCode.invalidValue };
}
