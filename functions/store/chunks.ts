import { type DynamoDBClient, QueryCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { chunkSk } from '../../shared/contract/storage/index.ts';
import { B, bin, type Item, isLive, S } from './attrs.ts';

/** Puts for the chunk items of a compressed body; every chunk must be new (bodies are immutable). */
export function chunkPuts(
  table: string,
  pk: string,
  prefix: string,
  chunks: readonly Buffer[],
  extra: Item = {},
): TransactWriteItem[] {
  return chunks.map((chunk, i) => ({
    Put: {
      TableName: table,
      Item: { PK: S(pk), SK: S(chunkSk(prefix, i)), data: B(chunk), ...extra },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  }));
}

/** The `data` of the live chunk items with `prefix`, in key order; throws if the count is not `expected`. */
export function collectChunks(
  items: readonly Item[],
  prefix: string,
  expected: number,
  now: number,
): Uint8Array[] {
  const data = items
    .filter((it) => it.SK?.S?.startsWith(prefix) && isLive(it, now))
    .sort((a, b) => (a.SK!.S! < b.SK!.S! ? -1 : 1))
    .map((it) => bin(it, 'data'));
  if (data.length !== expected)
    throw new Error(`expected ${expected} body chunks under ${prefix}, found ${data.length}`);
  return data;
}

/** All items of `pk` whose sort key starts with `prefix` (strongly consistent, following pages: 300 KB chunks fill
 *  a 1 MB Query page after three). */
export async function queryPrefix(
  client: DynamoDBClient,
  table: string,
  pk: string,
  prefix: string,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': S(pk), ':prefix': S(prefix) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
