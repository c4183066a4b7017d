import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { tableSpec } from '../../../shared/contract/storage/tableSpec.ts';
import { toCreateTableInput, toTimeToLiveInput } from '../../../functions/store/tableInput.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { localClient } from '../../support/dynamodbLocal.ts';

describe('toCreateTableInput', () => {
  it('builds the single table: PK/SK strings, sparse GSI1, on-demand billing', () => {
    expect(toCreateTableInput(tableSpec, 'pacs-test')).toEqual({
      TableName: 'pacs-test',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
        { AttributeName: 'GSI1PK', AttributeType: 'S' },
        { AttributeName: 'GSI1SK', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    expect(toCreateTableInput(tableSpec).TableName).toBe(tableSpec.defaultTableName);
    expect(toTimeToLiveInput(tableSpec).TimeToLiveSpecification).toEqual({
      AttributeName: 'ttl',
      Enabled: true,
    });
  });

  it('is exactly what the harness created on DynamoDB Local', async () => {
    const client = localClient(await ddbEndpoint());
    try {
      const sent = toCreateTableInput(tableSpec);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: sent.TableName }));
      expect(Table?.KeySchema).toEqual(sent.KeySchema);
      expect(new Set(Table?.AttributeDefinitions)).toEqual(new Set(sent.AttributeDefinitions));
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(
        Table?.GlobalSecondaryIndexes?.map((g) => ({
          IndexName: g.IndexName,
          KeySchema: g.KeySchema,
          Projection: g.Projection,
        })),
      ).toEqual(sent.GlobalSecondaryIndexes);
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: sent.TableName }));
      expect(ttl.TimeToLiveDescription).toMatchObject({
        AttributeName: tableSpec.timeToLiveAttribute,
        TimeToLiveStatus: 'ENABLED',
      });
    } finally {
      client.destroy();
    }
  });
});
