import type { FunctionParameter, FunctionSpec } from '../../../shared/contract/operations/index.ts';
import {
  MAX_OVERRIDES,
  type OperationValue,
  type Override,
  ScenarioRef,
} from '../../../shared/contract/wire/index.ts';
import { ArgumentError } from './argumentError.ts';

type Scalar = string | number | boolean | null;

/** A call's arguments after validation: positional ones as the operation takes them, and the overrides. */
export interface ParsedArguments {
  args: OperationValue[];
  overrides: Override[] | undefined;
  /** By parameter name, for functions that are not calc operations. */
  byName: Record<string, OperationValue | undefined>;
}

const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const mnemonic = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');

/** Validates what Excel passed against the catalogue's parameters: types, required and optional, documented
 *  values (matched ignoring case, spaces and underscores), scenario references and the overrides range. Excel
 *  passes omitted optional arguments as null; with stale metadata it may pass fewer or more than declared. */
export function parseArguments(spec: FunctionSpec, values: readonly unknown[]): ParsedArguments {
  const args: OperationValue[] = [];
  const byName: Record<string, OperationValue | undefined> = {};
  let overrides: Override[] | undefined;
  spec.parameters.forEach((p, i) => {
    const raw = values[i];
    if (p.role === 'overrides') {
      overrides = parseOverrides(p, raw);
      return;
    }
    const value = p.dimensionality === 'matrix' ? parseMatrix(p, raw) : parseScalar(p, raw, spec);
    args.push(value);
    byName[p.name] = value ?? undefined;
  });
  return { args, overrides, byName };
}

function parseScalar(p: FunctionParameter, raw: unknown, spec: FunctionSpec): Scalar {
  const v =
    Array.isArray(raw) && raw.length === 1 && Array.isArray(raw[0]) && raw[0].length === 1 ? raw[0][0] : raw;
  if (blank(v)) {
    if (p.optional) return null;
    throw new ArgumentError(p.name, 'is required');
  }
  if (typeof v === 'object') throw new ArgumentError(p.name, 'expected one value, not a range');
  if (p.role === 'scenario') {
    const ref = String(v).trim();
    // PACS.SCENARIO also takes a scenario's name; every other function needs a reference.
    if (spec.transport !== 'scenario' && !ScenarioRef.safeParse(ref).success)
      throw new ArgumentError(
        p.name,
        `"${ref}" is not a scenario reference such as s_abcdefghijklmnopqrst@3 (PACS.SCENARIOS() lists yours)`,
      );
    return ref;
  }
  if (p.enum) {
    const wanted = mnemonic(String(v));
    const match = p.enum.find((e) => mnemonic(e.value) === wanted);
    if (!match)
      throw new ArgumentError(
        p.name,
        `"${String(v)}" is not one of ${p.enum.map((e) => e.value).join(', ')}`,
      );
    return match.value;
  }
  switch (p.type) {
    case 'number': {
      const n =
        typeof v === 'number'
          ? v
          : typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)
            ? Number(v)
            : Number.NaN;
      if (!Number.isFinite(n)) throw new ArgumentError(p.name, `expected a number, got "${String(v)}"`);
      if (p.name === 'year' && !Number.isInteger(n))
        throw new ArgumentError(p.name, `expected a whole year number, got ${n}`);
      return n;
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      if (v === 1 || v === 0) return v === 1;
      const s = String(v).trim().toUpperCase();
      if (s === 'TRUE' || s === 'FALSE') return s === 'TRUE';
      throw new ArgumentError(p.name, `expected TRUE or FALSE, got "${String(v)}"`);
    }
    case 'string':
      if (typeof v === 'boolean')
        throw new ArgumentError(p.name, `expected text, got ${v ? 'TRUE' : 'FALSE'}`);
      return String(v).trim();
    default:
      return v as Scalar;
  }
}

/** A range argument: rows of cells, with blank trailing rows dropped (a range drawn larger than its data). */
function parseMatrix(p: FunctionParameter, raw: unknown): OperationValue {
  if (blank(raw)) {
    if (p.optional) return null;
    throw new ArgumentError(p.name, 'is required');
  }
  const rows = toRows(p, raw);
  while (rows.length > 0 && rows.at(-1)!.every(blank)) rows.pop();
  if (rows.length === 0) {
    if (p.optional) return null;
    throw new ArgumentError(p.name, 'is empty');
  }
  return rows.map((r) => r.map((c) => (blank(c) ? null : c)));
}

function toRows(p: FunctionParameter, raw: unknown): Scalar[][] {
  const rows = Array.isArray(raw) ? (raw.every(Array.isArray) ? (raw as unknown[][]) : [raw]) : [[raw]];
  return rows.map((r) =>
    r.map((c) => {
      if (c !== null && c !== undefined && typeof c === 'object')
        throw new ArgumentError(p.name, 'contains a value that is not a number, text or TRUE/FALSE');
      return (c ?? null) as Scalar;
    }),
  );
}

/** The what-if range: two columns, field path and value; blank rows are skipped, so a range can be drawn larger
 *  than its rows. A value that is text holding JSON (a list or an object) is sent as text; the service reads it. */
function parseOverrides(p: FunctionParameter, raw: unknown): Override[] | undefined {
  if (blank(raw)) return undefined;
  const rows = toRows(p, raw).filter((r) => !r.every(blank));
  if (rows.length === 0) return undefined;
  const width = Math.max(...rows.map((r) => r.length));
  if (width !== 2) throw new ArgumentError(p.name, `expected two columns (field path, value), got ${width}`);
  if (rows.length > MAX_OVERRIDES)
    throw new ArgumentError(p.name, `at most ${MAX_OVERRIDES} rows, got ${rows.length}`);
  const seen = new Set<string>();
  return rows.map(([path, value], i) => {
    if (blank(path)) throw new ArgumentError(p.name, `row ${i + 1}: the field path is blank`);
    const name = String(path).trim();
    if (seen.has(name)) throw new ArgumentError(p.name, `${name} is given twice`);
    seen.add(name);
    if (blank(value)) throw new ArgumentError(p.name, `${name}: the value is blank`);
    return { path: name, value: value as Scalar };
  });
}
