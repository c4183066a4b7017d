import { afterAll, expect, it } from 'vitest';
import { UnavailableError } from '../../../shared/contract/errors/serviceErrors.ts';
import { createTable, type DynamoDbLocal, startDynamoDbLocal } from '../../support/dynamodbLocal.ts';
import { createDynamoClient } from '../../../functions/store/dynamoClient.ts';
import { doc, newOrg, scenarioStore } from './storeFixtures.ts';

// Its own instance: stopping the suite's shared one would break every other store test.
let ddb: DynamoDbLocal | undefined;
afterAll(async () => {
  await ddb?.stop();
});

it('a hung or stopped DynamoDB gives UnavailableError quickly; after a restart on the same port the store works again', async () => {
  ddb = await startDynamoDbLocal();
  await createTable(ddb.endpoint);
  const sdk = createDynamoClient({ endpoint: ddb.endpoint, region: 'eu-west-2' }); // production defaults
  const store = scenarioStore(sdk);
  const org = newOrg();
  const v1 = await store.create(org, doc('Before'));

  // Hung (SIGSTOP: the port still accepts connections, nothing answers): the request timeout must fire.
  process.kill(ddb.pid, 'SIGSTOP');
  const h0 = performance.now();
  const hung = await store.head(org, v1.id).catch((e: unknown) => e);
  const hungMs = performance.now() - h0;
  process.kill(ddb.pid, 'SIGCONT');
  expect(hung).toBeInstanceOf(UnavailableError);
  expect(hungMs).toBeLessThan(3_000);
  expect((await store.head(org, v1.id)).latest).toBe(1);

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
  console.info(
    `unavailable: hung ${hungMs.toFixed(0)} ms; stopped ${timings.map((t) => t.toFixed(0)).join(', ')} ms`,
  );
});
