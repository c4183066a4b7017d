import { performance } from 'node:perf_hooks';
import { logger, metrics } from './powertools.ts';

/** The parts of the Lambda context the logs use (so handlers need no aws-lambda types). */
export interface LambdaContextLike {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string | number;
  awsRequestId: string;
}

export interface ObserveOptions<E, R> {
  /** The id that ties this invocation's logs to the request or run it serves. */
  correlationId(event: E): string | undefined;
  /** Low-cardinality facts about the outcome for the closing log line (never payloads: they may be sensitive). */
  summary?(event: E, result: R): Record<string, unknown>;
}

/** Wraps a handler with the cross-cutting edge: Lambda context and a correlation id on every log line, one closing
 *  line with the duration, an error line (with stack) for a failure, and the invocation's metrics flushed as EMF.
 *  The handler itself stays parse -> call -> map. */
export function observe<E, R>(
  name: string,
  handler: (event: E) => Promise<R>,
  options: ObserveOptions<E, R>,
): (event: E, context?: LambdaContextLike) => Promise<R> {
  return async (event, context) => {
    if (context) logger.addContext(context as Parameters<typeof logger.addContext>[0]);
    metrics.captureColdStartMetric(name);
    const correlationId = options.correlationId(event) ?? context?.awsRequestId ?? 'none';
    logger.appendKeys({ correlationId, handler: name });
    const started = performance.now();
    try {
      const result = await handler(event);
      logger.info('done', {
        ms: Math.round(performance.now() - started),
        ...options.summary?.(event, result),
      });
      return result;
    } catch (error) {
      logger.error('failed', { ms: Math.round(performance.now() - started), error: error as Error });
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller-supplied correlation id, if it is safe to log (bounded, no control characters); else undefined. */
export const safeCorrelationId = (value: unknown): string | undefined =>
  typeof value === 'string' && SAFE_ID.test(value) ? value : undefined;
