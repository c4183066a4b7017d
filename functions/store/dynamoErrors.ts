import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb';
import { UnavailableError } from '../../shared/contract/errors/index.ts';

/** Error names the service (or the SDK) uses for "try again later": nothing was written, the caller may retry. */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
]);

/** Socket-level failures: DynamoDB (or DynamoDB Local) is down, unreachable or hung. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  CancellationReasons?: CancellationReason[];
  cause?: unknown;
}

/** True when the failure is about reaching DynamoDB rather than about the request. */
export function isTransient(err: unknown): boolean {
  const e = err as SdkLikeError | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (e.$retryable) return true;
  // Connection errors from the HTTP handler carry no status; the errno may sit on the cause.
  return e.cause !== undefined && e.cause !== err && isTransient(e.cause);
}

/** Maps infrastructure failures to UnavailableError; anything else is returned unchanged (a bug, not an outage). */
export function mapDynamoError(err: unknown): unknown {
  if (err instanceof UnavailableError) return err;
  if (isTransient(err)) {
    const e = err as SdkLikeError;
    return new UnavailableError(
      `storage is unavailable (${e.code ?? e.name ?? 'error'}); nothing was changed; retry shortly`,
    );
  }
  return err;
}

/** Runs store work so that outages surface as UnavailableError and no SDK error type leaks to the API. */
export async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw mapDynamoError(err);
  }
}

/** Per-action cancellation reasons of a TransactionCanceledException, or undefined for any other error. */
export function cancellationReasons(err: unknown): CancellationReason[] | undefined {
  const e = err as SdkLikeError | null;
  if (e?.name !== 'TransactionCanceledException') return undefined;
  return e.CancellationReasons ?? [];
}

/** The cancellation outcome of action `index` in a cancelled transaction. */
export interface ActionFailure {
  conditionFailed: boolean;
  /** With ReturnValuesOnConditionCheckFailure ALL_OLD: the item as it stood. */
  item?: Record<string, AttributeValue> | undefined;
}

export function conditionFailure(reasons: CancellationReason[], index: number): ActionFailure {
  const r = reasons[index];
  return { conditionFailed: r?.Code === 'ConditionalCheckFailed', item: r?.Item };
}

/** Another transaction held one of the items: nothing was decided, the transaction may be resubmitted. */
export const isTransactionConflict = (reasons: CancellationReason[]): boolean =>
  reasons.some((r) => r.Code === 'TransactionConflict') &&
  !reasons.some((r) => r.Code === 'ConditionalCheckFailed');

/** Throttling inside a transaction also shows up as a cancellation reason. */
export const isThrottledTransaction = (reasons: CancellationReason[]): boolean =>
  reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded');
