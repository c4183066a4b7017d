import * as z from 'zod';
import { ValidationError } from '../shared/core/base/index.ts';
import { parseScenario } from '../shared/core/scenario/index.ts';
import type { Scenario } from '../shared/core/scenario/index.ts';
import { UsageError } from './context.ts';
import { readJson } from './files.ts';

/** Validates one option value with zod; the message names the option. */
export function optionValue<T extends z.ZodType>(schema: T, value: unknown, name: string): z.output<T> {
  if (value === undefined) throw new UsageError(name, `${name} is required`);
  const r = schema.safeParse(value);
  if (!r.success)
    throw new ValidationError([{ field: name, message: r.error.issues[0]?.message ?? 'invalid' }]);
  return r.data;
}

export const ContractYear = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1);
export const Money = z.coerce
  .number({ error: 'must be an amount in GBP' })
  .finite()
  .min(0, 'must not be negative');

export function onePositional(positional: string[], what: string): string {
  if (positional.length === 0) throw new UsageError(what, `${what} is required`);
  if (positional.length > 1) throw new UsageError(what, `unexpected argument "${positional[1]}"`);
  return positional[0]!;
}

export function loadScenario(path: string): Scenario {
  return parseScenario(readJson(path, 'FILE'));
}
