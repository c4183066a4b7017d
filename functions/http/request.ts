import { BadRequestError } from '../../shared/contract/errors/index.ts';
import { PayloadTooLargeError } from '../../shared/contract/errors/index.ts';
import type { HttpApiEvent } from './lambdaTypes.ts';

/** Requests above this are refused before parsing (HTTP API allows 10 MB; Lambda 6 MB). */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/** A request as the routes see it: no Lambda or Node types. */
export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body(): unknown;
  requestId: string;
}

export function toApiRequest(event: HttpApiEvent, params: Record<string, string>): ApiRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(event.rawQueryString ?? '')) query[k] = v;
  const raw =
    event.body === undefined
      ? ''
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  if (Buffer.byteLength(raw) > MAX_REQUEST_BYTES)
    throw new PayloadTooLargeError(`request body is over ${MAX_REQUEST_BYTES / 1024 / 1024} MB`, 'body');
  let parsed: { value: unknown } | undefined;
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    params,
    query,
    headers,
    requestId: event.requestContext.requestId,
    body() {
      if (parsed) return parsed.value;
      if (raw.trim() === '') throw new BadRequestError('a JSON body is required', 'body');
      const type = headers['content-type'] ?? 'application/json';
      if (!/^application\/(.+\+)?json\b/i.test(type))
        throw new BadRequestError(`content-type must be application/json, got "${type}"`, 'content-type');
      try {
        parsed = { value: JSON.parse(raw) };
      } catch {
        throw new BadRequestError('the body is not valid JSON', 'body');
      }
      return parsed.value;
    },
  };
}
