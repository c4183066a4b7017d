import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface DynamoClientConfig {
  /** e.g. http://127.0.0.1:8000 for DynamoDB Local; omitted = the regional AWS endpoint. */
  endpoint?: string | undefined;
  region: string;
  /** Defaults fail fast for an HTTP API (30 s hard limit): see below. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxAttempts?: number;
}

/** A DynamoDB client that gives up quickly: a dead endpoint refuses at once and a hung one times out after
 *  requestTimeoutMs per attempt (whole request and response), so the API answers 503 (UnavailableError) in ~2 s
 *  instead of hanging until the gateway's 30 s. Two attempts absorb a single dropped connection; throttling beyond
 *  that is the caller's retry. Retried writes are safe: transactions carry a ClientRequestToken and single-item
 *  updates are conditional or idempotent. */
export function createDynamoClient(config: DynamoClientConfig): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    ...(config.endpoint
      ? {
          endpoint: config.endpoint,
          // DynamoDB Local accepts any keys; fixed ones stop the SDK searching the credential chain (IMDS waits).
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: config.maxAttempts ?? 2,
    requestHandler: {
      connectionTimeout: config.connectionTimeoutMs ?? 1_000,
      requestTimeout: config.requestTimeoutMs ?? 1_000,
      // Without this @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes and the call
      // waits forever on a hung endpoint (measured: a SIGSTOPped DynamoDB Local never answered in 10 minutes).
      throwOnRequestTimeout: true,
    },
  });
}
