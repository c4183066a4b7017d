import { ApiError, NetworkError } from './errors.ts';

/** Bounded retries with full jitter: attempt k waits a random time up to min(maxMs, baseMs x 2^k), or at least
 *  what the service's Retry-After asks (capped at maxMs). Jitter keeps many clients from retrying in step. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseMs: number;
  maxMs: number;
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseMs: 500, maxMs: 8_000, random: Math.random };

/** 429, 5xx and network trouble are worth retrying; a bad argument or a refused sign-in is not. */
export function isRetryable(e: unknown): boolean {
  if (e instanceof NetworkError) return true;
  if (e instanceof ApiError) return e.retryable || e.status === 429 || e.status >= 500;
  return false;
}

export function backoffMs(attempt: number, policy: RetryPolicy, error?: unknown): number {
  const jitter = policy.random() * Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  const asked = error instanceof ApiError ? (error.retryAfterMs ?? 0) : 0;
  return Math.min(policy.maxMs, Math.max(jitter, asked));
}
