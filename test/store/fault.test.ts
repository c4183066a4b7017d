import { afterAll, expect, it } from 'vitest';
import { UnavailableError } from '../../shared/errors.ts';
import { createTable, type DynamoDbLocal, startDynamoDbLocal } from '../support/dynamodbLocal.ts';
import { client, doc, newOrg, scenarioStore } from './storeFixtures.ts';

// Its own instance: stopping the suite's shared one would break every other store test.
let ddb: DynamoDbLocal | undefined;
afterAll(async () => {
  await ddb?.stop();
});

it('a stopped DynamoDB gives UnavailableError quickly; after a restart on the same port the store works again', async () => {
  ddb = await startDynamoDbLocal();
  await createTable(ddb.endpoint);
  const sdk = client(ddb.endpoint); // the production client: fail-fast timeouts and retries
  const store = scenarioStore(sdk);
  const org = newOrg();
  const v1 = await store.create(org, doc('Before'));

  await ddb.stop();
  const timings: number[] = [];
  for (const attempt of [
    () => store.head(org, v1.id),
    () => store.save(org, v1.id, 1, doc('During')),
    () => store.create(org, doc('During')),
    () => store.list(org, { limit: 10 }),
  ]) {
    const t0 = performance.now();
    const err = await attempt().catch((e: unknown) => e);
    timings.push(performance.now() - t0);
    expect(err).toBeInstanceOf(UnavailableError);
  }
  expect(Math.max(...timings)).toBeLessThan(2_000);

  const port = ddb.port;
  ddb = await startDynamoDbLocal({ port });
  expect(ddb.endpoint).toBe(`http://127.0.0.1:${port}`);
  await createTable(ddb.endpoint); // in-memory: the old data is gone with the old process
  const v = await store.create(org, doc('After'));
  expect(await store.head(org, v.id)).toMatchObject({ latest: 1, name: 'After' });
  expect((await store.save(org, v.id, 1, doc('After2'))).version).toBe(2);
  sdk.destroy();
  console.info(`unavailable after stop: ${timings.map((t) => t.toFixed(0)).join(', ')} ms`);
});
