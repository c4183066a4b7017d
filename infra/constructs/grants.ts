import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';

/** The DynamoDB item actions a role may take, on the table itself and, only where asked, named indexes: no
 *  `index/*` wildcard and no table-level actions (CreateTable, Scan, DeleteItem are nobody's). TransactWriteItems is
 *  authorised per item by PutItem / UpdateItem / ConditionCheckItem. */
export function tableItemAccess(
  table: TableV2,
  actions: readonly ('GetItem' | 'PutItem' | 'UpdateItem' | 'Query' | 'ConditionCheckItem')[],
  indexes: readonly string[] = [],
): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: actions.map((a) => `dynamodb:${a}`),
    resources: [table.tableArn, ...indexes.map((name) => `${table.tableArn}/index/${name}`)],
  });
}
