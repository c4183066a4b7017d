import { createHash } from 'node:crypto';
import validateAsl from 'asl-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChunkTaskDeps,
  chunkHandler,
  createJobLoader,
  createStepFunctionsRunner,
  failureHandler,
  mergeHandler,
  planChunks,
} from '../../../functions/simulations/aws/index.ts';
import { simulateInWorkers } from '../../../functions/simulations/index.ts';
import { canonicalJson } from '../../../functions/store/bodyCodec.ts';
import { createDynamoClient } from '../../../functions/store/dynamoClient.ts';
import { DynamoChunkLedger } from '../../../functions/store/dynamoChunkLedger.ts';
import { DynamoSimulationStore } from '../../../functions/store/dynamoSimulationStore.ts';
import type { OrgId } from '../../../functions/store/ports.ts';
import { tableSpec } from '../../../shared/contract/storage/index.ts';
import { parseScenario } from '../../../shared/core/scenario/validate.ts';
import { simulate } from '../../../shared/core/simulation/simulate.ts';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { MemoryObjectStore } from '../../support/memoryObjectStore.ts';
import { type Definition, resolveDefinitionString, runLocally } from '../../support/stepFunctionsHarness.ts';
import { synthStack } from '../../support/infraSynth.ts';

/* The simulation fan-out end to end, offline: the state machine definition synthesised by the CDK app, run by
 * aws-local-stepfunctions with the harness doing ItemReader / ItemBatcher / ResultWriter as the definition says,
 * each Lambda task served by the real handler (DynamoDB Local for the run, the ledger and progress; an in-memory
 * bucket for S3). The runner that starts it is the real one, handed a Step Functions client that runs locally. */

const BUCKET = 'pacs-simulations-test';
const SCENARIO = tinyScenario();
const OPTIONS = { trials: 30_000, seed: 4242, year: 1 };

let definition: Definition;
let client: ReturnType<typeof createDynamoClient>;
let runs: DynamoSimulationStore;
let ledger: DynamoChunkLedger;

beforeAll(async () => {
  const { json } = synthStack();
  const [logicalId, bucket] = Object.entries(json.Resources).find(
    ([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('SimulationBucket'),
  )!;
  void bucket;
  const sm = Object.values(json.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')!;
  definition = resolveDefinitionString(sm.Properties.DefinitionString, { [logicalId]: BUCKET });
  client = createDynamoClient({ endpoint: await ddbEndpoint(), region: 'eu-west-2' });
  runs = new DynamoSimulationStore({ client, tableName: tableSpec.defaultTableName });
  ledger = new DynamoChunkLedger({ client, tableName: tableSpec.defaultTableName });
}, 180_000);
afterAll(() => client?.destroy());

let orgCounter = 0;
const newOrg = () => `F${Date.now().toString(36).slice(-3).toUpperCase()}${orgCounter++}` as OrgId;

type Task = (event: unknown) => Promise<unknown>;

/** Submits a run through the real runner and executes it locally; `wrapChunk` may interpose on chunk calls. */
async function runOnStepFunctions(
  wrapChunk: (real: Task, call: number, org: OrgId, runId: string) => Task = (r) => r,
) {
  const org = newOrg();
  const objects = new MemoryObjectStore();
  const { run } = await runs.create(org, `key-${Math.random()}`, { scenario: 's@1', options: OPTIONS });
  const deps: ChunkTaskDeps = { objects, ledger, loadJob: createJobLoader(objects) };
  const realChunk = chunkHandler(deps);
  let calls = 0;
  const chunkCalls: unknown[] = [];
  let merges = 0;
  let execution: Promise<{ output: unknown; run: { batches: Record<string, unknown[]> } }> | undefined;
  const sfn = {
    send: async (command: { input: { name?: string; input?: string } }) => {
      const input = JSON.parse(command.input.input!);
      execution = runLocally(definition, input, {
        objects,
        bucket: BUCKET,
        tasks: {
          RunChunks: (event) => {
            chunkCalls.push(event);
            return wrapChunk(realChunk, ++calls, org, run.id)(event);
          },
          MergeChunks: (event) => {
            merges++;
            return mergeHandler({ ...deps, runs })(event);
          },
          RecordFailure: failureHandler({ runs }),
        },
      });
      return { executionArn: `arn:aws:states:eu-west-2:123456789012:execution:sm:${command.input.name}` };
    },
  };
  const runner = createStepFunctionsRunner({
    sfn: sfn as never,
    stateMachineArn: 'arn:aws:states:eu-west-2:123456789012:stateMachine:sm',
    objects,
    runs,
  });
  await runner.start(org, run.id, { scenario: SCENARIO, options: OPTIONS });
  const { output, run: mapRun } = await execution!;
  return { org, runId: run.id, objects, output, mapRun, chunkCalls, merges };
}

/* Results are compared as the bytes the run store keeps and the API serves: canonical JSON (sorted keys; a double
 * prints the same digits only if it is the same double), so equal strings mean bit-identical numbers. */
const localPool = simulateInWorkers(SCENARIO, OPTIONS, { workers: 2 }).then(canonicalJson);

describe('the synthesised simulation state machine', () => {
  it('is valid Amazon States Language (asl-validator) with a Distributed Map reading, batching and writing S3', () => {
    const { isValid, errorsText } = validateAsl(definition as never);
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
    // biome-ignore lint/suspicious/noExplicitAny: a parsed ASL document, read field by field below
    const map = definition.States.FanOut as Record<string, any>;
    expect(map.ItemProcessor.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    expect(map.ItemReader.Parameters).toEqual({ Bucket: BUCKET, 'Key.$': '$.chunksKey' });
    expect(map.ItemBatcher.MaxItemsPerBatch).toBe(4);
    expect(map.ResultWriter.Parameters.Bucket).toBe(BUCKET);
    // payloadResponseOnly: the task resource is the function itself, so its output is the handler's return value.
    expect(map.ItemProcessor.States.RunChunks.Resource).toMatch(/^arn:aws:lambda:.*:function:/);
  });

  it('runs a simulation bit-identical to the local worker pool and to the single-threaded engine', async () => {
    const r = await runOnStepFunctions();
    // 30,000 trials in chunks of 2,000 = 15 items; ItemBatcher of 4 -> 4 child executions (4, 4, 4, 3 chunks).
    const items = planChunks(OPTIONS.trials, 'fast');
    expect(items).toHaveLength(15);
    expect(r.chunkCalls).toHaveLength(4);
    expect(r.chunkCalls.map((c) => (c as { Items: unknown[] }).Items.length)).toEqual([4, 4, 4, 3]);
    expect((r.chunkCalls[0] as { BatchInput: { runId: string } }).BatchInput.runId).toBe(r.runId);
    expect(r.merges).toBe(1);
    expect(r.objects.keys('map-results/').length).toBeGreaterThan(0);
    const done = await runs.get(r.org, r.runId);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toEqual({ done: 30_000, total: 30_000 });
    const bytes = canonicalJson(done.result);
    expect(bytes).toBe(await localPool);
    expect(bytes).toBe(canonicalJson(simulate(parseScenario(SCENARIO), OPTIONS, 30_000)));
    expect(await ledger.list(r.org, r.runId)).toHaveLength(15);
  }, 180_000);

  it('retries a chunk batch that failed after doing its work: nothing is counted twice, the result is unchanged', async () => {
    const outcomeHashes = new Map<string, string>();
    const r = await runOnStepFunctions((real, call) => async (event) => {
      const result = await real(event);
      // The second batch's Lambda "dies" after writing its chunks (its response is lost): Step Functions retries.
      if (call === 2) throw Object.assign(new Error('response lost'), { name: 'Lambda.Unknown' });
      return result;
    });
    expect(r.chunkCalls).toHaveLength(5); // 4 batches + 1 retry
    const done = await runs.get(r.org, r.runId);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toEqual({ done: 30_000, total: 30_000 });
    expect(canonicalJson(done.result)).toBe(await localPool);
    for (const key of r.objects.keys('runs/'))
      if (key.endsWith('.pck'))
        outcomeHashes.set(
          key,
          createHash('sha256')
            .update(await r.objects.get(key))
            .digest('hex'),
        );
    const recorded = await ledger.list(r.org, r.runId);
    expect(recorded.map((c) => c.sha256).sort()).toEqual([...outcomeHashes.values()].sort());
  }, 180_000);

  it('stops a cancelled run: no chunk after the cancel, no merge, the run stays cancelled, no alarm-raising failure', async () => {
    let release!: () => void;
    const firstDone = new Promise<void>((resolve) => {
      release = resolve;
    });
    const r = await runOnStepFunctions((real, call, org, runId) => async (event) => {
      if (call === 1) {
        const result = await real(event);
        await runs.cancel(org, runId); // the user presses cancel while the other batches wait
        release();
        return result;
      }
      await firstDone;
      return real(event);
    });
    const final = await runs.get(r.org, r.runId);
    expect(final.status).toBe('cancelled');
    expect(final.result).toBeUndefined();
    expect(r.merges).toBe(0);
    expect((await ledger.list(r.org, r.runId)).length).toBe(4); // only the first batch's chunks ran
    expect(final.progress.done).toBe(8_000);
    // The execution ends through RecordFailure -> RunCancelled (a Succeed state), not RunFailed.
    expect((r.output as { outcome: { status: string } }).outcome.status).toBe('cancelled');
  }, 180_000);
});
