import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { HttpApiEvent, HttpApiResult } from '../http/lambdaTypes.ts';
import { type LambdaContextLike, observe, safeCorrelationId } from './observe.ts';
import { logger, metrics } from './powertools.ts';

/** The API handler with structured logs and metrics. The correlation id is the caller's `x-correlation-id` (the
 *  add-in sends one per recalculation) when it is safe, else API Gateway's request id; it is echoed in the response
 *  so a finance user's support ticket can quote it. */
export function observeHttp(
  handler: (event: HttpApiEvent) => Promise<HttpApiResult>,
): (event: HttpApiEvent, context?: LambdaContextLike) => Promise<HttpApiResult> {
  const correlationIdOf = (event: HttpApiEvent) =>
    safeCorrelationId(headerOf(event, 'x-correlation-id')) ?? event.requestContext?.requestId;
  return observe(
    'api',
    async (event: HttpApiEvent) => {
      const result = await handler(event);
      const id = correlationIdOf(event);
      if (id) result.headers['x-correlation-id'] = id;
      metrics.addMetric(`Http${Math.floor(result.statusCode / 100)}xx`, MetricUnit.Count, 1);
      return result;
    },
    {
      correlationId: correlationIdOf,
      // The route pattern, not the raw path: ids stay out of the logs' cardinality (and out of the logs).
      summary: (event, result) => ({
        method: event.requestContext?.http?.method,
        route: event.routeKey,
        status: result.statusCode,
      }),
    },
  );
}

/** For createApp's onServerError: a 503's real cause goes to the logs, never to the caller. */
export function logServerError(error: unknown, requestId: string): void {
  logger.error('answered 503', { requestId, error: error as Error });
}

function headerOf(event: HttpApiEvent, name: string): string | undefined {
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}
