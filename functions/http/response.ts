import { toHttpError } from './errorMapping.ts';
import type { HttpApiResult } from './lambdaTypes.ts';

const SECURITY_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpApiResult {
  return jsonText(statusCode, JSON.stringify(body), headers);
}

/** A JSON response whose body is already serialised. */
export function jsonText(
  statusCode: number,
  text: string,
  headers: Record<string, string> = {},
): HttpApiResult {
  return { statusCode, headers: { ...SECURITY_HEADERS, ...headers }, body: text };
}

/** Every failure leaves through here: typed errors map to their status; anything else is a retryable 503
 *  without internals. */
export function errorResponse(e: unknown, requestId: string): HttpApiResult {
  const { status, body } = toHttpError(e);
  const headers: Record<string, string> = { 'x-request-id': requestId };
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  if (status === 429 || status === 503) headers['retry-after'] = '2';
  return json(status, body, headers);
}
