import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DynamoScenarioStore } from '../../../functions/store/dynamoScenarioStore.ts';
import { VersionConflictError } from '../../../shared/contract/errors/serviceErrors.ts';
import { scenarioPk } from '../../../shared/contract/storage/keys.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { client, doc, newOrg, scenarioStore, TABLE } from './storeFixtures.ts';

let ddb: ReturnType<typeof client>;
let store: DynamoScenarioStore;

beforeAll(async () => {
  ddb = client(await ddbEndpoint());
  store = scenarioStore(ddb);
});
afterAll(() => ddb.destroy());

it('50 simultaneous saves from the same base: one wins, 49 conflict on version 2, nothing lost', async () => {
  const org = newOrg();
  const { id } = await store.create(org, doc('Race'));
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) => store.save(org, id, 1, doc(`Race by ${i}`, { writer: i }))),
  );
  const elapsed = performance.now() - started;

  const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(49);
  for (const err of lost) {
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err).toMatchObject({ currentVersion: 2, baseVersion: 1 });
  }
  const winner = won[0]!;
  expect(winner.version).toBe(2);

  const history = await store.history(org, id, { limit: 100 });
  expect(history.items.map((v) => v.version)).toEqual([2, 1]);
  expect((await store.head(org, id)).latest).toBe(2);
  const latest = await store.version(org, id);
  expect(latest.scenario).toEqual(winner.scenario);
  expect(latest.sha256).toBe(winner.sha256);

  // No stray chunk or version items from the losers: exactly V1, V2, their bodies and the head.
  const all = await ddb.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: scenarioPk(org, id) } },
      ProjectionExpression: 'SK',
    }),
  );
  expect(all.Items?.map((it) => it.SK?.S).sort()).toEqual([
    'B#000001#0000',
    'B#000002#0000',
    'HEAD',
    'V#000001',
    'V#000002',
  ]);
  console.info(`50 concurrent saves settled in ${elapsed.toFixed(0)} ms`);
});
