/** The single DynamoDB table as plain data (no AWS types). The CDK stack (infra/) and DynamoDB Local
 *  (functions/store/tableInput.ts) both build from this object, so the deployed key schema and the one the tests
 *  run against cannot drift apart (serverless-platform §3.3). */
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
