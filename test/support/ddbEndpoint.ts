import { afterAll, inject } from 'vitest';
import { tableSpec } from '../../shared/storage/tableSpec.ts';
import { createTable, startDynamoDbLocal } from './dynamodbLocal.ts';

/** The suite's DynamoDB Local (from globalSetup), or a private one when the global setup skipped it (a filter it
 *  could not match, e.g. `vitest run -t name`): store tests then still run, only slower. */
export async function ddbEndpoint(): Promise<string> {
  const provided = inject('ddbEndpoint');
  if (provided) return provided;
  const ddb = await startDynamoDbLocal();
  afterAll(() => ddb.stop());
  await createTable(ddb.endpoint, tableSpec.defaultTableName);
  return ddb.endpoint;
}
