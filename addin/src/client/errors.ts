/** The service answered with an error body ({error: {code, message, field?, retryable}}). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | undefined,
    readonly retryable: boolean,
    /** From Retry-After (429, 503). */
    readonly retryAfterMs: number | undefined = undefined,
    /** For 409 version conflicts: the latest version. */
    readonly currentVersion: number | undefined = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** No answer: the service is unreachable, the connection dropped, or the request timed out. Retryable. */
export class NetworkError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The caller withdrew the request (a cell was deleted or changed, Cancel in the pane). */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}
