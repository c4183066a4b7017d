import { S3Client } from '@aws-sdk/client-s3';
import type { TaskEnv } from '../../env.ts';
import { createDynamoClient } from '../../store/dynamoClient.ts';
import { DynamoChunkLedger } from '../../store/dynamoChunkLedger.ts';
import { DynamoSimulationStore } from '../../store/dynamoSimulationStore.ts';
import type { ChunkTaskDeps } from './chunkTask.ts';
import { createJobLoader } from './jobModel.ts';
import type { MergeTaskDeps } from './mergeTask.ts';
import { S3ObjectStore } from './objectStore.ts';

/** The dependencies of the simulation task Lambdas, built once per instance from their environment. Unlike the
 *  API's fail-fast client, these retry more: a task has minutes, not the HTTP API's 30 seconds. */
export function taskRuntime(env: TaskEnv): ChunkTaskDeps & MergeTaskDeps {
  const client = createDynamoClient({
    region: env.AWS_REGION,
    endpoint: env.DYNAMODB_ENDPOINT,
    maxAttempts: 5,
    requestTimeoutMs: 5_000,
  });
  const objects = new S3ObjectStore(new S3Client({ region: env.AWS_REGION }), env.SIMULATION_BUCKET);
  return {
    objects,
    ledger: new DynamoChunkLedger({ client, tableName: env.TABLE_NAME }),
    runs: new DynamoSimulationStore({ client, tableName: env.TABLE_NAME }),
    loadJob: createJobLoader(objects),
  };
}
