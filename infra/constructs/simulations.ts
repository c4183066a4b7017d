import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import {
  Choice,
  Condition,
  DefinitionBody,
  DistributedMap,
  Fail,
  ItemBatcher,
  JsonPath,
  LogLevel,
  ResultWriterV2,
  S3JsonItemReader,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  CHUNK_MISMATCH,
  MAP_RESULTS_PREFIX,
  RUNS_PREFIX,
  RUN_NOT_ACTIVE,
} from '../../functions/simulations/aws/index.ts';
import { tableItemAccess } from './grants.ts';
import { PacsFunction } from './pacsFunction.ts';

export interface SimulationsProps {
  table: TableV2;
  bucket: Bucket;
  concurrency: number;
  logRetention: RetentionDays;
  metricsNamespace: string;
}

/** Chunks per child workflow: each Lambda invocation builds the model once for its batch. */
export const CHUNKS_PER_BATCH = 4;

/** The execution input's fields, passed on to every task (see functions/simulations/aws/runObjects.ts). */
const RUN_FIELDS = {
  org: JsonPath.stringAt('$.org'),
  runId: JsonPath.stringAt('$.runId'),
  jobKey: JsonPath.stringAt('$.jobKey'),
  chunksKey: JsonPath.stringAt('$.chunksKey'),
  trials: JsonPath.numberAt('$.trials'),
};

const BATCH_INPUT = Object.fromEntries(Object.keys(RUN_FIELDS).map((k) => [`${k}.$`, `$.${k}`]));

/** Simulation runs on Step Functions: a Distributed Map reads the run's chunk plan from S3 (ItemReader), hands the
 *  chunks in batches (ItemBatcher) to the chunk Lambda, writes the children's results to S3 (ResultWriter), then
 *  the merge Lambda builds the exact result. Any failure goes to one Lambda that marks the run failed, unless it was
 *  cancelled, which ends the execution as a success (a user's cancel raises no alarm). */
export class Simulations extends Construct {
  readonly stateMachine: StateMachine;
  readonly stateMachineName: string;
  readonly chunk: PacsFunction;
  readonly merge: PacsFunction;
  readonly failed: PacsFunction;

  constructor(scope: Construct, id: string, props: SimulationsProps) {
    super(scope, id);
    const { table, bucket } = props;
    const environment = { TABLE_NAME: table.tableName, SIMULATION_BUCKET: bucket.bucketName };
    const common = {
      environment,
      logRetention: props.logRetention,
      metricsNamespace: props.metricsNamespace,
    };
    // 1 vCPU (1,769 MB) for the CPU-bound chunks; the merge holds every trial's outcomes (65 bytes a trial).
    this.chunk = new PacsFunction(this, 'ChunkFn', {
      name: 'simulationChunk',
      memorySize: 1769,
      timeout: Duration.minutes(10),
      ...common,
    });
    this.merge = new PacsFunction(this, 'MergeFn', {
      name: 'simulationMerge',
      memorySize: 3008,
      timeout: Duration.minutes(10),
      ...common,
    });
    this.failed = new PacsFunction(this, 'FailedFn', {
      name: 'simulationFailed',
      memorySize: 256,
      timeout: Duration.seconds(30),
      ...common,
    });
    const runObjects = bucket.arnForObjects(`${RUNS_PREFIX}*`);
    this.chunk.fn.addToRolePolicy(tableItemAccess(table, ['GetItem', 'PutItem', 'UpdateItem']));
    this.chunk.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [runObjects] }),
    );
    this.merge.fn.addToRolePolicy(tableItemAccess(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem']));
    this.merge.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [runObjects] }),
    );
    this.failed.fn.addToRolePolicy(tableItemAccess(table, ['UpdateItem']));

    const runChunks = new LambdaInvoke(this, 'RunChunks', {
      lambdaFunction: this.chunk.fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    // First matching retrier wins: a cancelled run or a determinism failure is final; anything else (a throttle, a
    // timeout, a lost instance) is retried, which the chunk ledger makes harmless.
    runChunks.addRetry({ errors: [RUN_NOT_ACTIVE, CHUNK_MISMATCH], maxAttempts: 0 });
    runChunks.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
    });

    const fanOut = new DistributedMap(this, 'FanOut', {
      itemReader: new S3JsonItemReader({ bucket, key: JsonPath.stringAt('$.chunksKey') }),
      // BatchInput is rendered as written (CDK does not expand JsonPath there), so its paths carry the `.$` suffix.
      itemBatcher: new ItemBatcher({ maxItemsPerBatch: CHUNKS_PER_BATCH, batchInput: BATCH_INPUT }),
      resultWriterV2: new ResultWriterV2({ bucket, prefix: MAP_RESULTS_PREFIX }),
      maxConcurrency: props.concurrency,
      toleratedFailurePercentage: 0,
      mapExecutionType: StateMachineType.STANDARD,
      resultPath: JsonPath.DISCARD,
    });
    fanOut.itemProcessor(runChunks);

    const mergeRun = new LambdaInvoke(this, 'MergeChunks', {
      lambdaFunction: this.merge.fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: TaskInput.fromObject(RUN_FIELDS),
      resultPath: '$.outcome',
    });
    mergeRun.addRetry({ errors: [CHUNK_MISMATCH], maxAttempts: 0 });
    mergeRun.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
    });

    const recordFailure = new LambdaInvoke(this, 'RecordFailure', {
      lambdaFunction: this.failed.fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: TaskInput.fromObject({
        org: JsonPath.stringAt('$.org'),
        runId: JsonPath.stringAt('$.runId'),
        error: JsonPath.objectAt('$.error'),
      }),
      resultPath: '$.outcome',
    });
    recordFailure.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
    });
    recordFailure.next(
      new Choice(this, 'CancelledOrFailed')
        .when(Condition.stringEquals('$.outcome.status', 'cancelled'), new Succeed(this, 'RunCancelled'))
        .otherwise(
          new Fail(this, 'RunFailed', { error: 'SimulationFailed', cause: 'see the run and the task logs' }),
        ),
    );
    fanOut.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    mergeRun.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    const logs = new LogGroup(this, 'ExecutionLogs', { retention: props.logRetention });
    this.stateMachineName = `${Stack.of(this).stackName}-simulations`;
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: this.stateMachineName,
      definitionBody: DefinitionBody.fromChainable(
        fanOut.next(mergeRun).next(new Succeed(this, 'RunSucceeded')),
      ),
      stateMachineType: StateMachineType.STANDARD,
      timeout: Duration.hours(6),
      tracingEnabled: true,
      // Every event, without execution data: inputs carry only keys, but results stay out of the logs.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
  }

  /** ARN pattern of this state machine's executions (StopExecution is granted on these only). */
  executionsArn(): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
