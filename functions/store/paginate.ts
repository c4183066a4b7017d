import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { Item } from './attrs.ts';

export interface PageOfItems {
  items: Item[];
  /** Start key for the next page; absent when the query is exhausted. */
  next?: Item | undefined;
}

/** Reads until `limit` accepted items or the end. Filtering (TTL, archived) happens here rather than in a
 *  FilterExpression so a page is never short just because DynamoDB's Limit counted rejected items; the next
 *  page then starts after the last item returned, not after the last one read. */
export async function queryPage(
  client: DynamoDBClient,
  input: QueryCommandInput,
  options: {
    limit: number;
    start?: Item | undefined;
    accept: (item: Item) => boolean;
    keyOf: (item: Item) => Item;
  },
): Promise<PageOfItems> {
  const items: Item[] = [];
  let start = options.start;
  for (;;) {
    // One more than needed, so a full last page is known to be the last without an extra empty page.
    const out = await client.send(
      new QueryCommand({ ...input, Limit: options.limit - items.length + 1, ExclusiveStartKey: start }),
    );
    const read = out.Items ?? [];
    for (let i = 0; i < read.length; i++) {
      const item = read[i]!;
      if (!options.accept(item)) continue;
      if (items.length === options.limit) return { items, next: options.keyOf(items[items.length - 1]!) };
      items.push(item);
    }
    start = out.LastEvaluatedKey;
    if (!start) return { items };
    if (items.length === options.limit) return { items, next: options.keyOf(items[items.length - 1]!) };
  }
}
