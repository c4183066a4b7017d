import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../../functions/store/dynamoClient.ts';
import { DynamoScenarioStore } from '../../../functions/store/dynamoScenarioStore.ts';
import type { NewVersion, OrgId } from '../../../functions/store/ports.ts';
import { tableSpec } from '../../../shared/contract/storage/tableSpec.ts';

export const TABLE = tableSpec.defaultTableName;
export const SECRET = 'test-cursor-secret-0123456789';

/** A fresh organisation per test keeps tests independent on the shared table (the org prefix isolates them). */
export const newOrg = (): OrgId => `T${randomBytes(6).toString('hex').toUpperCase()}` as OrgId;

export function scenarioStore(client: DynamoDBClient, now?: () => Date): DynamoScenarioStore {
  return new DynamoScenarioStore({ client, tableName: TABLE, cursorSecret: SECRET, ...(now ? { now } : {}) });
}

/** The production client, with a longer request timeout: DynamoDB Local on two shared cores answers 50 concurrent
 *  transactions far slower than the service (the fault test uses the production defaults). */
export const client = (endpoint: string, requestTimeoutMs = 10_000): DynamoDBClient =>
  createDynamoClient({ endpoint, region: 'eu-west-2', requestTimeoutMs });

export function doc(name: string, extra: Record<string, unknown> = {}): NewVersion {
  return {
    scenario: { schemaVersion: 1, name, years: [1, 2, 3], rates: { b: 2, a: 1 }, ...extra },
    name,
    summary: `saved ${name}`,
    author: 'ana@example.nhs.uk',
  };
}

/** A JSON document of about `bytes` that compresses only ~2x (random decimals), so it needs several chunks. */
export function bigDocument(bytes: number): { rows: number[][] } {
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 2 ** 32;
  };
  const rows: number[][] = [];
  let size = 0;
  while (size < bytes) {
    const row = Array.from({ length: 50 }, () => Math.round(next() * 1e9) / 1e3);
    size += JSON.stringify(row).length + 1;
    rows.push(row);
  }
  return { rows };
}
