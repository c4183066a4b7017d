import { randomUUID } from 'node:crypto';
import {
  type CancellationReason,
  type DynamoDBClient,
  TransactWriteItemsCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { UnavailableError } from '../../shared/contract/errors/index.ts';
import {
  cancellationReasons,
  isThrottledTransaction,
  isTransactionConflict,
  mapDynamoError,
} from './dynamoErrors.ts';

export type TransactionOutcome = { committed: true } | { committed: false; reasons: CancellationReason[] };

/** Resubmits when DynamoDB cancelled only because another transaction held an item (TransactionConflict):
 *  nothing was decided, and the next attempt gets a real answer (commit, or a ConditionalCheckFailed naming the
 *  winner). A handful of short jittered waits is enough for dozens of writers on one scenario. */
const CONFLICT_ATTEMPTS = 8;

/** One atomic TransactWriteItems: either every item is written or none is. Condition failures come back as the
 *  cancellation reasons (for the caller to interpret); outages and throttling throw UnavailableError. */
export async function transactWrite(
  client: DynamoDBClient,
  items: TransactWriteItem[],
): Promise<TransactionOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      // A fresh token per attempt: the SDK's own retries reuse it, so a commit whose response was lost
      // is answered as a success instead of failing its own condition.
      await client.send(
        new TransactWriteItemsCommand({ TransactItems: items, ClientRequestToken: randomUUID() }),
      );
      return { committed: true };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons) throw mapDynamoError(err);
      if (isThrottledTransaction(reasons)) throw new UnavailableError();
      if (!isTransactionConflict(reasons)) return { committed: false, reasons };
      if (attempt >= CONFLICT_ATTEMPTS)
        throw new UnavailableError('storage is busy; nothing was changed; retry shortly');
      await sleep(Math.random() * 15 * attempt);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
