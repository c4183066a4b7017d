import type * as z from 'zod';
import { ErrorBody } from '../../../shared/contract/wire/index.ts';
import { SignInRequiredError, type TokenSource } from '../auth/index.ts';
import { ApiError, CancelledError, NetworkError } from './errors.ts';

export interface HttpSettings {
  /** The API origin, e.g. http://127.0.0.1:3001 (no trailing slash). */
  baseUrl: string;
  tokens: TokenSource;
  fetch?: typeof fetch;
  /** Per request; below the HTTP API's 30 s integration timeout so a slow request fails here first. */
  timeoutMs?: number;
}

export interface RequestOptions<T extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The response body's schema: an answer that does not match it is a service fault, not data. */
  schema: T;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** Public routes (health) need no sign-in. */
  anonymous?: boolean;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export const DEFAULT_TIMEOUT_MS = 25_000;

/** One authenticated request. A 401 hands the token back to the token source and tries once more with a fresh
 *  one (a silent refresh may have one); failing that, SignInRequiredError. Errors come back typed: ApiError,
 *  NetworkError (retryable), CancelledError, SignInRequiredError. */
export async function request<T extends z.ZodType>(
  settings: HttpSettings,
  options: RequestOptions<T>,
): Promise<HttpResponse<z.output<T>>> {
  let token = options.anonymous ? undefined : await settings.tokens.getToken();
  let response = await sendOnce(settings, options, token);
  if (response.status === 401 && token !== undefined) {
    settings.tokens.rejected(token);
    const refused = await errorOf(response);
    try {
      token = await settings.tokens.getToken();
    } catch {
      throw new SignInRequiredError(refused.message);
    }
    response = await sendOnce(settings, options, token);
    if (response.status === 401) {
      settings.tokens.rejected(token);
      throw new SignInRequiredError((await errorOf(response)).message);
    }
  }
  if (!response.ok) throw await errorOf(response);
  const text = await readText(response, options);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badResponse(response.status, 'the service answered with something that is not JSON');
  }
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) throw badResponse(response.status, 'the service answered in an unexpected shape');
  return { status: response.status, headers: response.headers, data: parsed.data };
}

/** A request that may safely go twice is sent again at once when the connection dropped before any answer (a
 *  kept-alive connection the server had just closed); creating a scenario is not repeated. */
async function sendOnce(
  settings: HttpSettings,
  options: RequestOptions<z.ZodType>,
  token: string | undefined,
) {
  const repeatable =
    options.method !== 'POST' || options.path === '/v1/calc' || 'idempotency-key' in (options.headers ?? {});
  try {
    return await send(settings, options, token);
  } catch (e) {
    if (!(repeatable && e instanceof NetworkError && e.kind === 'unreachable')) throw e;
    return send(settings, options, token);
  }
}

async function send(settings: HttpSettings, options: RequestOptions<z.ZodType>, token: string | undefined) {
  const doFetch = settings.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.signal?.aborted) throw new CancelledError();
    return await doFetch(`${settings.baseUrl}${options.path}`, {
      method: options.method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: controller.signal,
    });
  } catch (e) {
    if (e instanceof CancelledError || (options.signal?.aborted && !timedOut)) throw new CancelledError();
    if (timedOut)
      throw new NetworkError('timeout', `no answer from the PACS service within ${timeoutMs / 1000} s`);
    throw new NetworkError('unreachable', 'the PACS service cannot be reached');
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

// The body may still be streaming when the timeout or the caller aborts; that is a network failure too.
async function readText(response: Response, options: RequestOptions<z.ZodType>): Promise<string> {
  try {
    return await response.text();
  } catch {
    if (options.signal?.aborted) throw new CancelledError();
    throw new NetworkError('unreachable', 'the connection to the PACS service dropped');
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success)
    return new ApiError(
      response.status,
      'http_error',
      `the PACS service answered HTTP ${response.status}`,
      undefined,
      response.status === 429 || response.status >= 500,
      retryAfterMs,
    );
  const e = parsed.data.error;
  return new ApiError(
    response.status,
    e.code,
    e.message,
    e.field,
    e.retryable,
    retryAfterMs,
    e.currentVersion,
  );
}

function badResponse(status: number, message: string): ApiError {
  return new ApiError(status, 'bad_response', message, undefined, true);
}
