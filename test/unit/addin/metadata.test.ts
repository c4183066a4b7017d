// Excel's metadata for the PACS.* functions: functions.json is generated from the catalogue in exactly the
// shape Microsoft's custom-functions-metadata generator writes for the same functions declared with JSDoc (an
// independent implementation of the format); ids and parameter order match the committed public-API snapshot;
// and the catalogue is the list of operations POST /v1/calc runs.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata/lib/generate.js';
import type * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { enumId, functionsMetadata, memberName } from '../../../addin/build/functionsJson.ts';
import { apiBreaks, signature } from '../../../addin/build/publicApi.ts';
import { FUNCTIONS, type FunctionSpec } from '../../../shared/contract/operations/index.ts';
import { OPERATIONS } from '../../../shared/contract/operations/catalogue.ts';
import { OperationName } from '../../../shared/contract/wire/index.ts';

const snapshot = JSON.parse(readFileSync(new URL('./publicApi.snapshot.json', import.meta.url), 'utf8')) as {
  functions: Record<string, string[]>;
};
const current = Object.fromEntries(FUNCTIONS.map((f) => [f.id, signature(f)]));

/** The catalogue written as the JSDoc-annotated TypeScript an add-in author would give Microsoft's generator. */
function asJsDoc(catalogue: readonly FunctionSpec[]): string {
  const tsType = (p: FunctionSpec['parameters'][number], fn: FunctionSpec) =>
    p.enum ? enumId(fn, p.name) : p.dimensionality === 'matrix' ? 'any[][]' : p.type;
  const enums = catalogue.flatMap((fn) =>
    fn.parameters
      .filter((p) => p.enum)
      .map(
        (p) =>
          `/**\n * @customenum {string}\n */\nenum ${enumId(fn, p.name)} {\n${p
            .enum!.map(
              (e) => `  /** ${e.description} */\n  ${memberName(e.value)} = ${JSON.stringify(e.value)},`,
            )
            .join('\n')}\n}\n`,
      ),
  );
  const functions = catalogue.map((fn) => {
    const params = fn.parameters.map((p) => `${p.name}${p.optional ? '?' : ''}: ${tsType(p, fn)}`);
    const invocation = fn.stream
      ? 'invocation: CustomFunctions.StreamingInvocation<any[][]>'
      : 'invocation: CustomFunctions.CancelableInvocation';
    const result = fn.stream
      ? 'void'
      : `Promise<${fn.result.dimensionality === 'matrix' ? 'any[][]' : fn.result.type}>`;
    const docs = fn.parameters.map(
      (p) => ` * @param ${p.optional ? `[${p.name}]` : p.name} ${p.description}`,
    );
    return [
      '/**',
      ` * ${fn.description}`,
      ` * @customfunction ${fn.id} ${fn.id}`,
      ...docs,
      ' * @param invocation Invocation',
      ...(fn.stream ? [] : [` * @returns ${fn.result.shape}`]),
      ' */',
      `function f_${fn.id}(${[...params, invocation].join(', ')}): ${result} {\n  throw new Error();\n}\n`,
    ].join('\n');
  });
  return [...enums, ...functions].join('\n');
}

describe('functions.json', () => {
  it("is what Microsoft's generator writes for the same functions in JSDoc", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pacs-cf-')), 'functions.ts');
    writeFileSync(file, asJsDoc(FUNCTIONS));
    const generated = await generateCustomFunctionsMetadata(file);
    expect(generated.errors).toEqual([]);
    const theirs = JSON.parse(generated.metadataJson) as Record<string, unknown>;
    // Their generator always allows data-type objects in `any` parameters; ours leaves Excel to pass plain values.
    delete theirs.allowCustomDataForDataTypeAny;
    expect(functionsMetadata()).toEqual(theirs);
  });

  it('names every function with a valid, unique, upper-case id', () => {
    const { functions } = functionsMetadata();
    const ids = functions.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of functions) {
      expect(f.id).toMatch(/^[A-Z][A-Z0-9_.]{2,}$/);
      expect(f.name).toBe(f.id);
      expect(f.description.length).toBeLessThanOrEqual(256);
    }
  });

  it('offers every documented enumeration for AutoComplete', () => {
    const { functions, enums = [] } = functionsMetadata();
    const measure = functions
      .find((f) => f.id === 'CAPITATION')!
      .parameters.find((p) => p.name === 'measure')!;
    const list = enums.find((e) => e.id === measure.customEnumId)!;
    expect(list.values.map((v) => v.stringValue)).toContain('contract_value');
    expect(enums.find((e) => e.id === 'NEEDINDEX_COMPONENT')!.values.map((v) => v.name)).toContain('G_A_WP');
  });

  it('streams SIMULATE and lets every other function be cancelled', () => {
    for (const f of functionsMetadata().functions)
      expect(f.options).toEqual(f.id === 'SIMULATE' ? { stream: true } : { cancelable: true });
  });
});

describe('the public API snapshot', () => {
  it('still holds: nothing shipped was removed, renamed, retyped or reordered', () => {
    expect(apiBreaks(snapshot.functions, current)).toEqual([]);
  });

  it('lists every function (add a new one to the snapshot when it ships)', () => {
    expect(Object.keys(snapshot.functions)).toEqual(Object.keys(current));
  });

  // The check must be able to fail.
  it.each([
    ['a removed function', (s: Record<string, string[]>) => delete s.SCOPE, /SCOPE was removed/],
    [
      'reordered parameters',
      (s: Record<string, string[]>) => s.BUDGET!.splice(1, 2, s.BUDGET![2]!, s.BUDGET![1]!),
      /BUDGET parameter 2/,
    ],
    [
      'a renamed parameter',
      (s: Record<string, string[]>) => s.PPPY!.splice(2, 1, 'group?: string'),
      /PPPY parameter 3/,
    ],
    [
      'an optional parameter made required',
      (s: Record<string, string[]>) => s.BUDGET!.splice(2, 1, 'by: string'),
      /BUDGET parameter 3/,
    ],
    [
      'a required parameter appended',
      (s: Record<string, string[]>) => s.VERSION!.push('detail: string'),
      /VERSION gained a required parameter/,
    ],
  ])('reports %s', (_, change, message) => {
    const changed = structuredClone(current);
    change(changed);
    expect(apiBreaks(snapshot.functions, changed).join('\n')).toMatch(message);
  });

  it('allows an optional parameter appended', () => {
    const changed = structuredClone(current);
    changed.VERSION!.push('detail?: string');
    expect(apiBreaks(snapshot.functions, changed)).toEqual([]);
  });
});

describe('the catalogue is the operation list of POST /v1/calc', () => {
  const calc = FUNCTIONS.filter((f) => f.transport === 'calc');

  it('has one calc function per operation, and one operation per calc function', () => {
    expect(calc.map((f) => f.id).sort()).toEqual([...OperationName.options].sort());
    expect(Object.keys(OPERATIONS).sort()).toEqual([...OperationName.options].sort());
  });

  it.each(calc.map((f) => [f.id, f] as const))('%s: same arguments, in the same order', (id, fn) => {
    const op = OPERATIONS[id as keyof typeof OPERATIONS];
    const positional = fn.parameters.filter((p) => p.role !== 'overrides');
    expect(op.scenario).toBe(positional[0]?.role === 'scenario');
    const rest = op.scenario ? positional.slice(1) : positional;
    const tuple = op.args as unknown as z.ZodTuple;
    expect(tuple.def.items.length).toBe(rest.length);
    // Optional exactly where the catalogue says: the operation accepts the arguments cut just before each
    // optional parameter, and refuses them cut before a required one.
    const sample = (p: FunctionSpec['parameters'][number]) =>
      p.enum ? p.enum[0]!.value : p.dimensionality === 'matrix' ? [['x']] : p.type === 'number' ? 1 : 'x';
    rest.forEach((p, i) => {
      const cut = rest.slice(0, i).map(sample);
      const ok = tuple.safeParse(cut).success;
      if (p.optional) expect(ok, `${id}: ${p.name} should be optional`).toBe(true);
      else if (rest.slice(i).some((q) => !q.optional)) expect(ok, `${id}: ${p.name} is required`).toBe(false);
    });
  });

  it.each(
    calc.flatMap((fn) =>
      fn.parameters.filter((p) => p.enum).map((p) => [`${fn.id}(${p.name})`, fn, p.name] as const),
    ),
  )('%s: the operation accepts exactly the documented values', (_, fn, name) => {
    const op = OPERATIONS[fn.id as keyof typeof OPERATIONS];
    const rest = fn.parameters.filter((p) => p.role !== 'overrides').slice(op.scenario ? 1 : 0);
    const index = rest.findIndex((p) => p.name === name);
    const tuple = op.args as unknown as z.ZodTuple;
    const item = tuple.def.items[index] as z.ZodType;
    for (const e of rest[index]!.enum!) expect(item.safeParse(e.value).success, e.value).toBe(true);
    const wrong = item.safeParse('no-such-value');
    expect(wrong.success).toBe(false);
    // A wrong one answers with the list of valid ones.
    expect(wrong.error!.issues[0]!.message).toContain(rest[index]!.enum![1]!.value);
  });
});
