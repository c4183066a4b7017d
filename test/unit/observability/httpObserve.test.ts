import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HttpApiEvent } from '../../../functions/http/lambdaTypes.ts';
import { observeHttp } from '../../../functions/observability/httpObserve.ts';

/* What the API function writes to CloudWatch: one JSON line per request carrying the correlation id, and the
 * request's metric as an EMF document (the stdout format CloudWatch turns into metrics). */

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const event = (headers: Record<string, string>): HttpApiEvent => ({
  version: '2.0',
  routeKey: 'GET /v1/scenarios/{id}',
  rawPath: '/v1/scenarios/s_abc',
  rawQueryString: '',
  headers,
  isBase64Encoded: false,
  requestContext: {
    http: { method: 'GET', path: '/v1/scenarios/s_abc', sourceIp: '127.0.0.1' },
    requestId: 'gw-req-1',
    timeEpoch: 0,
  },
});
const handler = observeHttp(async () => ({ statusCode: 200, headers: {}, body: '{}' }));
const json = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('HTTP observability', () => {
  it("logs the caller's correlation id and the route pattern (not the raw path), echoes the id, emits a metric", async () => {
    const res = await handler(event({ 'X-Correlation-Id': 'wb-42.recalc-7' }));
    expect(res.headers['x-correlation-id']).toBe('wb-42.recalc-7');
    const done = json().find((l) => l.message === 'done')!;
    expect(done).toMatchObject({
      correlationId: 'wb-42.recalc-7',
      route: 'GET /v1/scenarios/{id}',
      status: 200,
    });
    expect(JSON.stringify(done)).not.toContain('s_abc');
    const emf = json().find((l) => l._aws !== undefined)!;
    expect(emf.Http2xx).toBe(1);
  });

  it("falls back to API Gateway's request id when the header is unsafe to log", async () => {
    const res = await handler(event({ 'x-correlation-id': 'evil\ninjected line' }));
    expect(res.headers['x-correlation-id']).toBe('gw-req-1');
    expect(json().find((l) => l.message === 'done')!.correlationId).toBe('gw-req-1');
  });
});
