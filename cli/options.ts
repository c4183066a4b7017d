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

/** A year number; its range is the scenario's (checkYear), so the message can state the rule. */
export const YearNumber = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number');
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
