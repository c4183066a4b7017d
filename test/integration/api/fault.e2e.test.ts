import { afterAll, describe, expect, it } from 'vitest';
import { tinyScenario } from '../../fixtures/tinyScenario.ts';
import { type DynamoDbLocal, createTable, startDynamoDbLocal } from '../../support/dynamodbLocal.ts';
import { type Stack, call, newOrgCode, startStack } from './stack.ts';

let ddb: DynamoDbLocal | undefined;
let stack: Stack | undefined;
afterAll(async () => {
  await stack?.close();
  await ddb?.stop();
});

describe('storage outage', () => {
  it('answers 503 retryable while DynamoDB is down, writes nothing, and recovers when it returns', async () => {
    ddb = await startDynamoDbLocal();
    await createTable(ddb.endpoint);
    stack = await startStack(ddb.endpoint);
    const token = await stack.token(newOrgCode());
    const created = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    expect(created.status).toBe(201);

    const port = ddb.port;
    await ddb.stop();
    const started = Date.now();
    const down = await Promise.all([
      call(stack.url, 'POST', '/v1/scenarios', { token, body: { scenario: tinyScenario() } }),
      call(stack.url, 'GET', `/v1/scenarios/${created.json.id}`, { token }),
      call(stack.url, 'POST', '/v1/calc', {
        token,
        body: { ops: [{ id: 'a', fn: 'CAPITATION', args: [created.json.id, 1] }] },
      }),
    ]);
    for (const r of down) {
      expect(r.status).toBe(503);
      expect(r.json.error).toMatchObject({ code: 'unavailable', retryable: true });
      expect(r.headers.get('retry-after')).toBe('2');
    }
    expect(Date.now() - started).toBeLessThan(10_000); // fails fast, well inside the gateway's 30 s
    // The service itself stays up and says what is wrong.
    const health = await call(stack.url, 'GET', '/v1/health');
    expect(health.status).toBe(503);
    expect(health.json).toMatchObject({ status: 'unavailable', storage: 'unavailable' });

    // DynamoDB Local returns on the same port (in memory, so the table is created again).
    ddb = await startDynamoDbLocal({ port });
    await createTable(ddb.endpoint);
    const again = await call(stack.url, 'POST', '/v1/scenarios', {
      token,
      body: { scenario: tinyScenario() },
    });
    expect(again.status).toBe(201);
    const list = await call(stack.url, 'GET', '/v1/scenarios', { token });
    expect(list.json.items.map((h: { id: string }) => h.id)).toEqual([again.json.id]); // nothing from the outage
  }, 60_000);
});
