import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StorageCheck } from './ports.ts';

/** A readiness check of the table: DescribeTable (no item is read, so no organisation's keys are involved), given
 *  up after `timeoutMs`. The answer is reused for `cacheMs` and concurrent checks share one call, so a flood of
 *  requests to the public health route never becomes a flood of storage calls. */
export function storageProbe(
  client: DynamoDBClient,
  tableName: string,
  options: { timeoutMs?: number; cacheMs?: number; now?: () => number } = {},
): StorageCheck {
  const timeoutMs = options.timeoutMs ?? 500;
  const cacheMs = options.cacheMs ?? 1_000;
  const now = options.now ?? Date.now;
  let last: { at: number; answer: Awaited<ReturnType<StorageCheck>> } | undefined;
  let inFlight: ReturnType<StorageCheck> | undefined;

  const check: StorageCheck = async () => {
    try {
      const out = await client.send(new DescribeTableCommand({ TableName: tableName }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      const state = out.Table?.TableStatus;
      return state === 'ACTIVE'
        ? { ready: true }
        : { ready: false, reason: `table ${tableName} is ${state}` };
    } catch (e) {
      const err = e as { name?: string; code?: string };
      const why =
        err.name === 'AbortError' || err.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : undefined;
      return { ready: false, reason: why ?? err.code ?? err.name ?? 'unreachable' };
    }
  };

  return () => {
    if (last && now() - last.at < cacheMs) return Promise.resolve(last.answer);
    inFlight ??= check().then((answer) => {
      last = { at: now(), answer };
      inFlight = undefined;
      return answer;
    });
    return inFlight;
  };
}
