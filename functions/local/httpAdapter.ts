import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpApiEvent, HttpApiResult } from '../http/lambdaTypes.ts';
import type { LocalRoute } from './devSignIn.ts';

export type LambdaHandler = (event: HttpApiEvent) => Promise<HttpApiResult>;

/** Bytes read from a request before giving up (above the API's own 6 MB limit, so that limit answers). */
const READ_LIMIT = 8 * 1024 * 1024;

/** Turns a Node request into an HTTP API payload v2 event, the way API Gateway would. */
export async function toEvent(req: IncomingMessage): Promise<HttpApiEvent | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > READ_LIMIT) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const body = Buffer.concat(chunks);
  const method = req.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(body.length ? { body: body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0,
    requestContext: {
      http: {
        method,
        path: url.pathname,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      timeEpoch: Date.now(),
    },
  };
}

function send(res: ServerResponse, result: HttpApiResult): void {
  res.writeHead(result.statusCode, result.headers);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

/** Serves a Lambda handler on 127.0.0.1 (loopback only). `cors` mirrors the deployed API's preflight settings
 *  so the add-in behaves the same locally. `localRoutes` answer before the API (the development sign-in); they
 *  exist only here, never in the Lambda build. */
export function serveLambda(
  handler: LambdaHandler,
  options: { port: number; cors?: { origins: string[] }; localRoutes?: LocalRoute[] },
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const origin = req.headers.origin;
    if (origin && options.cors?.origins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', 'etag, location, retry-after, x-request-id');
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, if-match, idempotency-key');
      res.setHeader('access-control-max-age', '3600');
      res.writeHead(204).end();
      return;
    }
    try {
      for (const route of options.localRoutes ?? []) if (await route(req, res)) return;
      const event = await toEvent(req);
      if (event === 'too_large') {
        send(res, {
          statusCode: 413,
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: JSON.stringify({
            error: {
              code: 'payload_too_large',
              message: 'request body is too large',
              field: 'body',
              retryable: false,
            },
          }),
        });
        return;
      }
      send(res, await handler(event));
    } catch {
      // The handler maps every error itself; this only guards the adapter (e.g. a client that hung up).
      if (!res.headersSent)
        send(res, {
          statusCode: 503,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ error: { code: 'internal', message: 'try again', retryable: true } }),
        });
    }
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000; // API Gateway's integration timeout
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        // Idle keep-alive connections would hold close() open for seconds: end them too.
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
