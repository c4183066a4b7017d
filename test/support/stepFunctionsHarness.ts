import { StateMachine } from 'aws-local-stepfunctions';
import type { ObjectStore } from '../../functions/simulations/aws/index.ts';

/* Runs a synthesised Step Functions definition offline. aws-local-stepfunctions runs Task, Choice, Map (inline),
 * Retry and Catch, but accepts and silently ignores a Distributed Map's ItemReader, ItemBatcher and ResultWriter.
 * This harness does what those three fields say, around an inline Map, and nothing more:
 *   <Map>__read   reads the ItemReader's JSON array from the object store (Bucket, Key or Key.$ resolved against
 *                 the state's input) and cuts it into ItemBatcher batches { BatchInput, Items };
 *   <Map>         the same Map, INLINE, over those batches (ItemProcessor, MaxConcurrency and Catch unchanged);
 *   <Map>__write  writes the children's results as ResultWriter would (a manifest and a results file under its
 *                 Prefix) and applies the Map's own ResultPath to the { MapRunArn, ResultWriterDetails } output.
 * Differences that remain: children run in this process, a failed child fails the Map with the child's own error
 * (AWS reports States.ExceedToleratedFailureThreshold; the definition catches States.ALL either way), and
 * ToleratedFailure* other than 0 is refused. */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type State = Record<string, Json> & { Type: string };
export interface Definition {
  StartAt: string;
  States: Record<string, State>;
  [k: string]: Json;
}

/** CloudFormation's DefinitionString (Fn::Join of strings, Refs and GetAtts) as the definition AWS would get:
 *  partition `aws`, Refs to `refs[logicalId]` (or the id), GetAtt Arn to a well-formed Lambda ARN of that id. */
export function resolveDefinitionString(value: unknown, refs: Record<string, string> = {}): Definition {
  const resolve = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(sep);
    }
    if ('Ref' in o) {
      const id = o.Ref as string;
      if (id === 'AWS::Partition') return 'aws';
      if (id === 'AWS::Region') return 'eu-west-2';
      if (id === 'AWS::AccountId') return '123456789012';
      return refs[id] ?? id;
    }
    if ('Fn::GetAtt' in o) {
      const [id, attr] = o['Fn::GetAtt'] as [string, string];
      if (attr !== 'Arn') throw new Error(`unsupported GetAtt ${id}.${attr}`);
      return `arn:aws:lambda:eu-west-2:123456789012:function:${id}`;
    }
    throw new Error(`unsupported intrinsic ${JSON.stringify(v)}`);
  };
  return JSON.parse(resolve(value)) as Definition;
}

/** `$`, `$.a`, `$.a.b` (all the definition uses); anything else throws rather than guessing. */
export function readPath(path: string, input: unknown): unknown {
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path)) throw new Error(`unsupported JSONPath ${path}`);
  return path
    .split('.')
    .slice(1)
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], input);
}

/** A payload template: keys ending `.$` take the value at their path, others are copied. */
function template(t: Record<string, Json>, input: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(t).map(([k, v]) =>
      k.endsWith('.$') ? [k.slice(0, -2), readPath(v as string, input)] : [k, v],
    ),
  );
}

function setPath(path: string | null | undefined, input: Record<string, unknown>, value: unknown): unknown {
  if (path === null) return input;
  if (path === undefined || path === '$') return value;
  const m = /^\$\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(path);
  if (!m) throw new Error(`unsupported ResultPath ${path}`);
  return { ...input, [m[1]!]: value };
}

const ITEMS = '__harnessBatches';
const RESULTS = '__harnessResults';

export interface DistributedMapRun {
  /** Per Map state: the batches it handed out, and where it wrote results. */
  batches: Record<string, { BatchInput: unknown; Items: unknown[] }[]>;
}

/** Rewrites every DISTRIBUTED Map of `definition` (top level) as described above; the returned handlers implement
 *  the __read and __write steps against `objects` (the bucket named `bucket`). */
export function localizeDistributedMaps(
  definition: Definition,
  objects: ObjectStore,
  bucket: string,
): {
  definition: Definition;
  handlers: Record<string, (input: unknown) => Promise<unknown>>;
  run: DistributedMapRun;
} {
  const states: Record<string, State> = {};
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  const run: DistributedMapRun = { batches: {} };
  for (const [name, state] of Object.entries(definition.States)) {
    const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
    if (state.Type !== 'Map' || processor?.ProcessorConfig?.Mode !== 'DISTRIBUTED') {
      states[name] = state;
      continue;
    }
    const { ItemReader, ItemBatcher, ResultWriter, ResultPath, Next, End, Catch, ...rest } = state as Record<
      string,
      Json
    >;
    if ('ToleratedFailurePercentage' in rest && rest.ToleratedFailurePercentage !== 0)
      throw new Error(`${name}: only ToleratedFailurePercentage 0 is emulated`);
    if ('ItemSelector' in rest || 'ResultSelector' in rest)
      throw new Error(`${name}: selectors are not emulated`);
    const reader = ItemReader as { Parameters: Record<string, Json>; ReaderConfig?: { InputType?: string } };
    if (reader.ReaderConfig?.InputType !== 'JSON')
      throw new Error(`${name}: only a JSON ItemReader is emulated`);
    const batcher = ItemBatcher as
      | { MaxItemsPerBatch: number; BatchInput?: Record<string, Json> }
      | undefined;
    const writer = ResultWriter as { Parameters: { Bucket: string; Prefix: string } } | undefined;
    const catchers: Record<string, Json> = Catch === undefined ? {} : { Catch };

    handlers[`${name}__read`] = async (input) => {
      const where = template(reader.Parameters, input) as { Bucket: string; Key: string };
      if (where.Bucket !== bucket)
        throw new Error(`${name}: ItemReader reads bucket ${where.Bucket}, not ${bucket}`);
      const items = JSON.parse(new TextDecoder().decode(await objects.get(where.Key))) as unknown[];
      if (!Array.isArray(items)) throw new Error(`${name}: ItemReader object is not a JSON array`);
      const size = batcher?.MaxItemsPerBatch ?? 1;
      const batchInput = batcher?.BatchInput ? template(batcher.BatchInput, input) : undefined;
      const batches = [];
      for (let i = 0; i < items.length; i += size)
        batches.push(
          batcher
            ? { ...(batchInput ? { BatchInput: batchInput } : {}), Items: items.slice(i, i + size) }
            : items[i],
        );
      run.batches[name] = batches as { BatchInput: unknown; Items: unknown[] }[];
      return { ...(input as object), [ITEMS]: batches };
    };
    handlers[`${name}__write`] = async (input) => {
      const { [ITEMS]: _batches, [RESULTS]: results, ...original } = input as Record<string, unknown>;
      let output: unknown = results;
      if (writer) {
        const { Bucket, Prefix } = writer.Parameters;
        if (Bucket !== bucket)
          throw new Error(`${name}: ResultWriter writes bucket ${Bucket}, not ${bucket}`);
        const runId = `local-${Date.now()}`;
        const key = `${Prefix}/${runId}/SUCCEEDED_0.json`;
        const body = (results as unknown[]).map((r) => ({ Status: 'SUCCEEDED', Output: JSON.stringify(r) }));
        await objects.put(key, new TextEncoder().encode(JSON.stringify(body)), 'application/json');
        await objects.put(
          `${Prefix}/${runId}/manifest.json`,
          new TextEncoder().encode(JSON.stringify({ DestinationBucket: Bucket, MapRunArn: runId })),
          'application/json',
        );
        output = {
          MapRunArn: `arn:aws:states:eu-west-2:123456789012:mapRun:${runId}`,
          ResultWriterDetails: { Bucket, Key: `${Prefix}/${runId}/manifest.json` },
        };
      }
      return setPath(ResultPath as string | null | undefined, original, output);
    };
    const fake = (s: string) => `arn:aws:lambda:eu-west-2:123456789012:function:harness-${s}`;
    states[`${name}__read`] = { Type: 'Task', Resource: fake('read'), Next: name, ...catchers };
    states[name] = {
      ...(rest as State),
      ItemsPath: `$.${ITEMS}`,
      ItemProcessor: { ...(processor as object), ProcessorConfig: { Mode: 'INLINE' } } as Json,
      ResultPath: `$.${RESULTS}`,
      Next: `${name}__write`,
      ...catchers,
    };
    states[`${name}__write`] = {
      Type: 'Task',
      Resource: fake('write'),
      ...(End === true ? { End: true } : { Next: Next as string }),
      ...catchers,
    };
    // States that pointed at the Map (StartAt, Next, Catch, Choice) now enter through its reader.
  }
  const entry = (target: string) =>
    definition.States[target] && states[`${target}__read`] ? `${target}__read` : target;
  const rewired = JSON.parse(JSON.stringify(states), (key, value) =>
    (key === 'Next' || key === 'Default') && typeof value === 'string' ? entry(value) : value,
  ) as Record<string, State>;
  // The reader's own Next must still point at the Map.
  for (const name of Object.keys(rewired))
    if (name.endsWith('__read')) rewired[name]!.Next = name.slice(0, -6);
  return {
    definition: { ...definition, StartAt: entry(definition.StartAt), States: rewired },
    handlers,
    run,
  };
}

/** Runs `definition` with Lambda tasks served by `tasks` (by state name) and the Distributed Maps emulated. */
export async function runLocally(
  definition: Definition,
  input: unknown,
  options: {
    objects: ObjectStore;
    bucket: string;
    tasks: Record<string, (input: unknown) => Promise<unknown>>;
  },
): Promise<{ output: unknown; run: DistributedMapRun }> {
  const local = localizeDistributedMaps(definition, options.objects, options.bucket);
  const machine = new StateMachine(local.definition as never, { validationOptions: { checkArn: false } });
  const retryIntervalOverrides = Object.fromEntries(
    Object.keys(options.tasks).map((name) => [name, 0]), // retry at once: the test's clock, not AWS's back-off
  );
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: { ...local.handlers, ...options.tasks } as never,
      retryIntervalOverrides,
    },
  });
  return { output: await execution.result, run: local.run };
}
