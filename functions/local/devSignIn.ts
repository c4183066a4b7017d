// The development sign-in of the local service (`npm start`): the add-in's pane asks for an organisation and a
// user, and this signs a token with the development issuer, the key `npm run token` uses, so local tokens take
// the same verification path as Entra ID ones. Only the local runtime wires it (never the Lambda entry), only
// in development auth mode, and it answers only requests from this machine.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { BadRequestError, UnauthorizedError } from '../../shared/contract/errors/index.ts';
import { ValidationError } from '../../shared/core/base/index.ts';
import { parseWith } from '../../shared/core/scenario/index.ts';
import type { DevAuthConfig } from '../auth/authConfig.ts';
import { orgCodeSchema, userIdSchema } from '../auth/claims.ts';
import { mintDevToken } from '../auth/devIssuer.ts';
import { toHttpError } from '../http/errorMapping.ts';

export const DEV_SIGN_IN_PATH = '/dev/sign-in';
const MAX_BODY = 16 * 1024;

const SignInRequest = z.strictObject({
  org: orgCodeSchema,
  user: userIdSchema,
  name: z.string().trim().min(1).max(200).optional(),
  /** Seconds; default one hour, at most a working day. */
  ttlSeconds: z.number().int().min(60).max(86_400).default(3600),
});

/** A handler for the local HTTP adapter: true when it answered the request. */
export type LocalRoute = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function devSignInRoute(config: DevAuthConfig, options: { origins: string[] }): LocalRoute {
  if (config.mode !== 'dev') throw new Error('the development sign-in needs development auth mode');
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== DEV_SIGN_IN_PATH) return false;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const fail = (e: unknown) => {
      const { status, body } = toHttpError(e);
      send(status, body);
    };
    try {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
        throw new UnauthorizedError('the development sign-in answers only this machine');
      const origin = req.headers.origin;
      if (origin !== undefined && !options.origins.includes(origin))
        throw new UnauthorizedError(`the development sign-in does not answer pages from ${origin}`);
      if (req.method === 'GET') {
        send(200, {
          mode: 'development',
          send: 'POST {"org": "RXX", "user": "alice", "name"?: "Alice Smith", "ttlSeconds"?: 3600}',
        });
        return true;
      }
      if (req.method !== 'POST') throw new BadRequestError(`${req.method} is not supported here`, 'method');
      // JSON only: a browser must then ask first (CORS preflight), so other web pages cannot post here.
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
        throw new BadRequestError('content-type must be application/json', 'content-type');
      const request = parseWith(SignInRequest, await readJson(req));
      const token = await mintDevToken(
        {
          org: request.org,
          user: request.user,
          ...(request.name ? { name: request.name } : {}),
          ttlSeconds: request.ttlSeconds,
          scopes: [config.requiredScope],
          audience: config.audience,
          rolePrefix: config.orgRolePrefix,
        },
        config.keyDir,
      );
      send(200, {
        token,
        expiresAt: Date.now() + request.ttlSeconds * 1000,
        org: request.org,
        user: request.user,
      });
    } catch (e) {
      fail(e);
    }
    return true;
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BadRequestError('the body is too large', 'body');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ValidationError([{ field: 'body', message: 'is not valid JSON' }]);
  }
}
