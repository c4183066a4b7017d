import { randomUUID } from 'node:crypto';
import type { Caller } from '../store/ports.ts';
import type { HttpApiEvent, HttpApiResult } from './lambdaTypes.ts';
import { createRateLimiter } from './rateLimiter.ts';
import { toApiRequest } from './request.ts';
import { errorResponse } from './response.ts';
import { type Route, createRouter } from './router.ts';

export interface AppOptions {
  routes: Route[];
  verify(authorization: string | undefined): Promise<Caller>;
  rateLimit?: { perSecond: number; burst: number };
  /** The per-organisation usage limit shared by every instance (throws RateLimitedError); runs after auth. */
  admit?(org: Caller['org']): Promise<void>;
  /** Told of every failure answered 503 (an outage, or a bug mapped to no typed error): for the logs, since the
   *  response carries no internals. */
  onServerError?(error: unknown, requestId: string): void;
}

/** The API as one Lambda handler (HTTP API payload v2): route, authenticate, rate-limit, run, map errors.
 *  Routes see only ApiRequest and Caller; this file is the only one that knows the event shape. */
export function createApp(options: AppOptions): (event: HttpApiEvent) => Promise<HttpApiResult> {
  const router = createRouter(options.routes);
  const limiter = createRateLimiter(options.rateLimit ?? { perSecond: 100, burst: 200 });
  return async (event) => {
    const requestId = event.requestContext?.requestId || randomUUID();
    try {
      const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
      const { route, params } = router.match(method, event.rawPath ?? '/');
      const req = toApiRequest(event, params);
      const caller = route.public
        ? ({ org: 'public', user: 'anonymous', name: 'anonymous' } as Caller)
        : await options.verify(req.headers.authorization);
      if (!route.public) {
        limiter.take(`${caller.org}/${caller.user}`);
        await options.admit?.(caller.org);
      }
      const result = await route.handler(req, caller);
      result.headers['x-request-id'] = requestId;
      return result;
    } catch (e) {
      const response = errorResponse(e, requestId);
      if (response.statusCode === 503) options.onServerError?.(e, requestId);
      return response;
    }
  };
}
