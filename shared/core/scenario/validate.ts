import type { z } from 'zod';
import { type FieldProblem, ValidationError } from '../base/index.ts';
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

/** Field problems of a zod error. A union that matched no branch is reported through the branch that came
 *  closest (fewest problems), so the user sees `riskShare.gainCapRate: expected number` rather than
 *  `riskShare: Invalid input`. */
export function problemsOf(error: z.ZodError): FieldProblem[] {
  return flatten(error.issues, []);
}

function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0 && !issue.message.startsWith('expected ')) {
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      if (closest.length > 0) return flatten(closest, path);
    }
    // One unknown key: the field is the key itself (`population.nmae`), its message suggests the known one.
    if (issue.code === 'unrecognized_keys' && issue.keys.length === 1)
      return [{ field: formatPath([...path, issue.keys[0]!]), message: issue.message }];
    return [{ field: formatPath(path), message: issue.message }];
  });
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
