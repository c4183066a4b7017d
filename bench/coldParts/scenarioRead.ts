// A cold-start part, alone: the API's DynamoDB client and scenario store reading one stored scenario version (its
// head, version item and body chunks: three calls, as POST /v1/calc does), then decoding the body.
import { createDynamoClient } from '../../functions/store/dynamoClient.ts';
import { DynamoScenarioStore } from '../../functions/store/dynamoScenarioStore.ts';
import type { ReadTarget } from './readTarget.ts';

export async function run(t: ReadTarget): Promise<unknown> {
  const client = createDynamoClient({ region: t.region, endpoint: t.endpoint });
  const store = new DynamoScenarioStore({
    client,
    tableName: t.table,
    cursorSecret: 'cold-start-parts-secret',
  });
  return (await store.version(t.org, t.id, t.version)).scenario;
}
