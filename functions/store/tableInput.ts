import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';
import type { KeyAttribute, TableSpec } from '../../shared/contract/storage/index.ts';

/* The shared table specification as DynamoDB API inputs, for DynamoDB Local (npm start, tests). */

/** CreateTable input for `spec` (TTL is a separate call: see toTimeToLiveInput). */
export function toCreateTableInput(
  spec: TableSpec,
  tableName: string = spec.defaultTableName,
): CreateTableCommandInput {
  const attributes = new Map<string, 'S'>();
  const add = (a: KeyAttribute) => attributes.set(a.name, a.type);
  add(spec.partitionKey);
  add(spec.sortKey);
  for (const gsi of spec.globalSecondaryIndexes) {
    add(gsi.partitionKey);
    add(gsi.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: spec.billingMode,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: [
      { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: spec.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: spec.globalSecondaryIndexes.map((gsi) => ({
      IndexName: gsi.indexName,
      KeySchema: [
        { AttributeName: gsi.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: gsi.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: gsi.projection },
    })),
  };
}

/** UpdateTimeToLive input enabling expiry on the spec's TTL attribute. */
export function toTimeToLiveInput(
  spec: TableSpec,
  tableName: string = spec.defaultTableName,
): UpdateTimeToLiveCommandInput {
  return {
    TableName: tableName,
    TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
  };
}
