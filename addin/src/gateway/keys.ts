import { type ParsedRef, ScenarioRef, parseRef } from '../../../shared/contract/wire/index.ts';
import type { Override } from '../../../shared/contract/wire/index.ts';
import { functionSpec } from '../../../shared/contract/operations/index.ts';
import type { OperationCall } from './types.ts';

/** Excel sends trailing blanks for omitted optional arguments; PACS.X(a) and PACS.X(a,,) are the same call. */
export function normalise(call: OperationCall): OperationCall {
  const args = [...call.args];
  while (args.length > 0 && (args.at(-1) === null || args.at(-1) === '')) args.pop();
  const overrides = call.overrides && call.overrides.length > 0 ? call.overrides : undefined;
  return { fn: call.fn, args, ...(overrides ? { overrides } : {}) };
}

/** Identical calls share one key: the function, its arguments and its overrides, in order. */
export function callKey(call: OperationCall): string {
  return JSON.stringify([call.fn, call.args, call.overrides ?? []]);
}

/** The scenario reference of a call whose first parameter is a scenario, when it is a well-formed one. */
export function scenarioRefOf(call: OperationCall): ParsedRef | undefined {
  if (functionSpec(call.fn)?.parameters[0]?.role !== 'scenario') return undefined;
  const r = ScenarioRef.safeParse(call.args[0]);
  return r.success ? parseRef(r.data) : undefined;
}

export function withRef(call: OperationCall, ref: string): OperationCall {
  return { ...call, args: [ref, ...call.args.slice(1)] };
}

export type { Override };
