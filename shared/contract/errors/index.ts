/** Typed errors of the service contract (beyond the core's domain errors). functions/http/errorMapping.ts is the
 *  one place they become HTTP statuses. */

export {
  BadRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  VersionConflictError,
} from './serviceErrors.ts';
