import type { TestProject } from 'vitest/node';
import { tableSpec } from '../../shared/contract/storage/index.ts';
import { createTable, startDynamoDbLocal } from './dynamodbLocal.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local endpoint with the table created. */
    ddbEndpoint: string;
    ddbTable: string;
  }
}

/** One DynamoDB Local for the integration tier (a JVM start costs seconds on 2 shared cores), torn down by pid.
 *  Only the integration project lists this file, so unit and statistical runs never start Java. */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  provide('ddbTable', tableSpec.defaultTableName);
  const ddb = await startDynamoDbLocal();
  await createTable(ddb.endpoint);
  provide('ddbEndpoint', ddb.endpoint);
  return () => ddb.stop();
}
