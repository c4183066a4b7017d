/** Typed errors of the service contract: what a request can meet besides domain errors (missing items, version
 *  conflicts, credentials, limits, storage outages). Only functions/http/errorMapping.ts turns them into HTTP. */

/** The thing asked for does not exist for this caller (another organisation's items answer the same). */
export class NotFoundError extends Error {
  readonly code = 'not_found';
  constructor(
    readonly what: string,
    readonly field?: string,
  ) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** Someone else saved first: the caller's base version is stale. */
export class VersionConflictError extends Error {
  readonly code = 'version_conflict';
  constructor(
    readonly currentVersion: number,
    readonly baseVersion: number,
  ) {
    super(`version ${baseVersion} is not the latest; the latest is ${currentVersion}`);
    this.name = 'VersionConflictError';
  }
}

/** Missing, malformed, unsigned, expired or foreign credentials. */
export class UnauthorizedError extends Error {
  readonly code = 'unauthorized';
  constructor(message: string) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** A request or response beyond a size limit. */
export class PayloadTooLargeError extends Error {
  readonly code = 'payload_too_large';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PayloadTooLargeError';
  }
}

/** Too many requests from one caller; retry later. */
export class RateLimitedError extends Error {
  readonly code = 'rate_limited';
  constructor(message = 'too many requests; retry shortly') {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** Storage (or another dependency) cannot be reached; nothing was written; safe to retry. */
export class UnavailableError extends Error {
  readonly code = 'unavailable';
  constructor(message = 'storage is unavailable; nothing was changed; retry shortly') {
    super(message);
    this.name = 'UnavailableError';
  }
}

/** A request the HTTP layer cannot read at all (not JSON, wrong content type, unknown route parameter form). */
export class BadRequestError extends Error {
  readonly code = 'bad_request';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}
