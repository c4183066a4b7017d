import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { RateLimitedError } from '../../shared/contract/errors/index.ts';
import { usagePk, usageSk } from '../../shared/contract/storage/index.ts';
import { N, S } from './attrs.ts';
import { guard } from './dynamoErrors.ts';
import type { OrgId } from './ports.ts';

export interface UsageLimiterOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Requests an organisation may make per clock minute, across every Lambda instance. */
  perMinute: number;
  now?: () => Date;
}

/** The per-organisation usage limit. API Gateway's stage throttling protects the service as a whole and the
 *  in-process token bucket only sees one Lambda instance; this counter is shared by all instances: one conditional
 *  ADD per request on the organisation's item for the current minute (kept an hour by TTL). */
export function createUsageLimiter(options: UsageLimiterOptions) {
  const now = options.now ?? (() => new Date());
  return {
    async admit(org: OrgId): Promise<void> {
      const t = now();
      const windowStart = new Date(Math.floor(t.getTime() / 60_000) * 60_000);
      try {
        await guard(() =>
          options.client.send(
            new UpdateItemCommand({
              TableName: options.tableName,
              Key: { PK: S(usagePk(org)), SK: S(usageSk(windowStart)) },
              UpdateExpression: 'ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl)',
              ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
              ExpressionAttributeNames: { '#n': 'requests', '#ttl': 'ttl' },
              ExpressionAttributeValues: {
                ':one': N(1),
                ':limit': N(options.perMinute),
                ':ttl': N(Math.floor(windowStart.getTime() / 1000) + 3600),
              },
            }),
          ),
        );
      } catch (e) {
        if ((e as { name?: string }).name === 'ConditionalCheckFailedException')
          throw new RateLimitedError(
            `your organisation has made ${options.perMinute} requests this minute; retry in a minute`,
          );
        throw e;
      }
    },
  };
}

export type UsageLimiter = ReturnType<typeof createUsageLimiter>;
