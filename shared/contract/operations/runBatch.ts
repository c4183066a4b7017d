import type { CalcRequest, CalcResponse, OperationResult, OperationValue } from '../wire/index.ts';
import { MAX_RESPONSE_BYTES } from '../wire/index.ts';
import type { ErrorBody } from '../wire/index.ts';
import { PayloadTooLargeError, UnavailableError } from '../errors/index.ts';
import { formatPath, parseWith } from '../../core/scenario/index.ts';
import { utf8Length, ValidationError } from '../../core/base/index.ts';
import type * as z from 'zod';
import {
  OPERATIONS,
  type OperationContext,
  type OperationEnvironment,
  operationContext,
} from './catalogue.ts';
import { applyOverrides } from './overrides.ts';
import type { Override } from '../wire/index.ts';
import { type ParsedRef, ScenarioRef, parseRef } from '../wire/index.ts';

/** Loads the scenario a reference names (for the caller's organisation), as an operation context so callers
 *  may reuse contexts (and their calculations) across batches: versions are immutable. */
export type ScenarioLoader = (ref: ParsedRef) => Promise<OperationContext>;

/** The public error body of a failed operation. The adapter that owns error presentation supplies it
 *  (functions/http/errorMapping.ts), so the operations never learn about HTTP. */
export type DescribeError = (e: unknown) => ErrorBody['error'];

/** Runs a batch of operations: each gets its own result or its own error; each distinct scenario reference is
 *  loaded and calculated once; identical operations are computed once. Storage outages fail the whole batch
 *  (503, retryable) rather than every operation one by one. */
export async function runBatch(
  request: CalcRequest,
  load: ScenarioLoader,
  describeError: DescribeError,
  environment: OperationEnvironment = {},
): Promise<CalcResponse> {
  return { results: (await runBatchParts(request, load, describeError, environment)).results };
}

/** runBatch's response as JSON text, built from the text of each result, which the size limit already needed:
 *  every result is serialised once (JSON.stringify of the response object would do it a second time). Equal to
 *  JSON.stringify(await runBatch(...)). */
export async function runBatchJson(
  request: CalcRequest,
  load: ScenarioLoader,
  describeError: DescribeError,
  environment: OperationEnvironment = {},
): Promise<string> {
  const { parts } = await runBatchParts(request, load, describeError, environment);
  return `{"results":[${parts.join(',')}]}`;
}

async function runBatchParts(
  request: CalcRequest,
  load: ScenarioLoader,
  describeError: DescribeError,
  environment: OperationEnvironment,
): Promise<{ results: OperationResult[]; parts: string[] }> {
  const contexts = new Map<string, Promise<OperationContext>>();
  const computed = new Map<string, OperationResult>();
  const results: OperationResult[] = [];
  const parts: string[] = [];
  let bytes = 0;

  for (const op of request.ops) {
    const key = `${op.fn}\u0000${JSON.stringify(op.args)}\u0000${JSON.stringify(op.overrides ?? [])}`;
    let result = computed.get(key);
    if (!result) {
      try {
        const value = await evaluate(op.fn, op.args, op.overrides, load, contexts, environment);
        result = { id: op.id, ok: true, value };
      } catch (e) {
        if (e instanceof UnavailableError) throw e;
        result = { id: op.id, ok: false, error: describeError(e) };
      }
      computed.set(key, result);
    }
    const own = { ...result, id: op.id };
    const text = JSON.stringify(own);
    bytes += utf8Length(text) + 1; // and its comma
    if (bytes > MAX_RESPONSE_BYTES)
      throw new PayloadTooLargeError(
        `the response would exceed ${MAX_RESPONSE_BYTES / 1024 / 1024} MB by operation "${op.id}"; send fewer or smaller operations per request`,
        'ops',
      );
    results.push(own);
    parts.push(text);
  }
  return { results, parts };
}

async function evaluate(
  fn: keyof typeof OPERATIONS,
  args: readonly unknown[],
  overrides: readonly Override[] | undefined,
  load: ScenarioLoader,
  contexts: Map<string, Promise<OperationContext>>,
  environment: OperationEnvironment,
): Promise<OperationValue> {
  const spec = OPERATIONS[fn];
  let ctx: OperationContext | null = null;
  let rest = args;
  if (spec.scenario) {
    const ref = parseWith(ScenarioRef, args[0], 'args[0]');
    rest = args.slice(1);
    let pending = contexts.get(ref);
    if (!pending) {
      pending = load(parseRef(ref));
      contexts.set(ref, pending);
    }
    if (overrides && overrides.length > 0) {
      // What-if: the version with the overrides applied, calculated once per batch for every operation asking.
      const key = `${ref}\u0000${JSON.stringify(overrides)}`;
      let derived = contexts.get(key);
      if (!derived) {
        derived = pending.then((base) => operationContext(applyOverrides(base.scenario, overrides)));
        contexts.set(key, derived);
      }
      pending = derived;
    }
    ctx = await pending;
  } else if (overrides && overrides.length > 0)
    throw new ValidationError([{ field: 'overrides', message: `${fn} takes no overrides` }]);
  // Excel sends trailing blanks for omitted optional arguments; the tuple schemas accept them.
  const parsed = parseArgs(spec.args, rest, spec.scenario ? 1 : 0);
  return (spec.run as (c: OperationContext | null, a: unknown, e: OperationEnvironment) => OperationValue)(
    ctx,
    parsed,
    environment,
  );
}

/** Validates positional arguments; problems name the argument as the caller numbered it (`args[2]`). */
function parseArgs(schema: z.ZodType, args: readonly unknown[], offset: number): unknown {
  const r = schema.safeParse(args);
  if (r.success) return r.data;
  throw new ValidationError(
    r.error.issues.map((i) => {
      const [first, ...tail] = i.path;
      const field =
        typeof first === 'number'
          ? `args[${first + offset}]${tail.length ? `.${formatPath(tail)}` : ''}`
          : 'args';
      const message =
        i.code === 'too_big' && i.origin === 'array' ? `too many arguments: ${i.message}` : i.message;
      return { field, message };
    }),
  );
}
