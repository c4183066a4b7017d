import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { type KeyAttribute, tableSpec } from '../../shared/contract/storage/index.ts';

const attribute = (a: KeyAttribute) => ({ name: a.name, type: AttributeType.STRING });

/** The single table, built from the shared specification (the same object DynamoDB Local's table is created from,
 *  so the deployed key schema cannot drift from the tested one): on demand, point-in-time recovery, deletion
 *  protection, encrypted at rest with the AWS-managed key, TTL, and kept when the stack is deleted. */
export class DataTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: attribute(tableSpec.partitionKey),
      sortKey: attribute(tableSpec.sortKey),
      globalSecondaryIndexes: tableSpec.globalSecondaryIndexes.map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: attribute(gsi.partitionKey),
        sortKey: attribute(gsi.sortKey),
        projectionType: ProjectionType[gsi.projection],
      })),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: tableSpec.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
