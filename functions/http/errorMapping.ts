import { DomainError, ValidationError } from '../../shared/core/base/index.ts';
import {
  BadRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  VersionConflictError,
} from '../../shared/contract/errors/index.ts';
import type { ErrorBody } from '../../shared/contract/wire/index.ts';

export interface HttpError {
  status: 400 | 401 | 404 | 409 | 413 | 422 | 429 | 503;
  body: ErrorBody;
}

/** The one place typed errors become HTTP statuses and the public error shape. Anything unknown becomes a 503
 *  with a generic message (never a 500 with internals): the request may be retried and nothing was written
 *  outside a transaction. */
export function toHttpError(e: unknown): HttpError {
  const body = (
    status: HttpError['status'],
    code: string,
    message: string,
    retryable: boolean,
    extra = {},
  ) => ({
    status,
    body: { error: { code, message, retryable, ...extra } },
  });
  if (e instanceof ValidationError)
    return body(422, e.code, e.message, false, e.field ? { field: e.field } : {});
  if (e instanceof DomainError) return body(422, e.code, e.message, false, { field: e.field });
  if (e instanceof NotFoundError)
    return body(404, e.code, e.message, false, e.field ? { field: e.field } : {});
  if (e instanceof VersionConflictError)
    return body(409, e.code, e.message, false, { currentVersion: e.currentVersion, field: 'If-Match' });
  if (e instanceof UnauthorizedError) return body(401, e.code, e.message, false);
  if (e instanceof PayloadTooLargeError)
    return body(413, e.code, e.message, false, e.field ? { field: e.field } : {});
  if (e instanceof RateLimitedError) return body(429, e.code, e.message, true);
  if (e instanceof UnavailableError) return body(503, e.code, e.message, true);
  if (e instanceof BadRequestError)
    return body(400, e.code, e.message, false, e.field ? { field: e.field } : {});
  return body(
    503,
    'internal',
    'the service could not complete the request; nothing was changed; retry shortly',
    true,
  );
}
