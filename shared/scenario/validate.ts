import type { z } from 'zod';
import { type FieldProblem, ValidationError } from '../errors.ts';
import { Scenario } from './scenario.ts';

/** `a.b[2].c` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: formatPath(i.path), message: i.message }));
}

/** Parses any schema, throwing a ValidationError whose problems name each field at fault. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, prefix = ''): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    problemsOf(result.error).map((p) => ({
      field: prefix ? (p.field ? `${prefix}.${p.field}` : prefix) : p.field,
      message: p.message,
    })),
  );
}

export function parseScenario(input: unknown): Scenario {
  return parseWith(Scenario, input);
}
