import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';

/** The single DynamoDB table as plain data. The CDK stack and the DynamoDB Local harness both read this object,
 *  so the deployed key schema and the one the tests run against cannot drift apart (serverless-platform §3.3). */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S';
}

export interface IndexSpec {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /** Heads are small and the list answers from the index alone, so project everything. */
  readonly projection: 'ALL';
}

export interface TableSpec {
  readonly defaultTableName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /** Sparse: only items carrying the index keys (scenario heads) appear in it. */
  readonly globalSecondaryIndexes: readonly IndexSpec[];
  /** Epoch seconds. Deletion is best-effort (and never on DynamoDB Local), so readers filter expired items too. */
  readonly timeToLiveAttribute: string;
  readonly billingMode: 'PAY_PER_REQUEST';
}

export const tableSpec: TableSpec = {
  defaultTableName: 'pacs',
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'GSI1',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'GSI1SK', type: 'S' },
      projection: 'ALL',
    },
  ],
  timeToLiveAttribute: 'ttl',
  billingMode: 'PAY_PER_REQUEST',
};

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
