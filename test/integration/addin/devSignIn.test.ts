// The local service's development sign-in: only in the local runtime, only from this machine, only JSON (so
// other web pages cannot use it), a token the real verifier accepts; and the add-in's development provider and
// token source against it. A deployed API (the Lambda app) has no such route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevSignInProvider, createTokenSource } from '../../../addin/src/auth/index.ts';
import { createPacsClient } from '../../../addin/src/client/index.ts';
import { loadDevAuthConfig } from '../../../functions/auth/authConfig.ts';
import { devKeySource } from '../../../functions/auth/devIssuer.ts';
import { createVerifier } from '../../../functions/auth/verifyToken.ts';
import { buildApi } from '../../../functions/compose.ts';
import { devSignInRoute } from '../../../functions/local/devSignIn.ts';
import { tempKeyDir } from '../../support/auth.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { type Service, newOrg, startService } from './service.ts';

let service: Service;
beforeAll(async () => {
  service = await startService(await ddbEndpoint());
});
afterAll(() => service?.close());

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${service.url}/dev/sign-in`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, never> }));

describe('POST /dev/sign-in', () => {
  it('signs a token for the chosen organisation and user that the API accepts', async () => {
    const org = newOrg();
    const r = await post({ org, user: 'alice', name: 'Alice Smith', ttlSeconds: 600 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ org, user: 'alice' });
    const list = await fetch(`${service.url}/v1/scenarios`, {
      headers: { authorization: `Bearer ${r.json.token}` },
    });
    expect(list.status).toBe(200);
  });

  it.each([
    [{ org: 'rx', user: 'alice' }, 'org'],
    [{ org: 'RXX', user: 'al ice' }, 'user'],
    [{ org: 'RXX', user: 'alice', ttlSeconds: 10 }, 'ttlSeconds'],
    [{ org: 'RXX', user: 'alice', admin: true }, ''],
  ])('refuses %o naming the field', async (body, field) => {
    const r = await post(body);
    expect(r.status).toBe(422);
    expect(r.json.error).toMatchObject({ code: 'validation_error', retryable: false });
    if (field) expect(r.json.error).toMatchObject({ field });
    else expect(JSON.stringify(r.json.error)).toMatch(/admin/);
  });

  it('answers JSON only, and no other web page', async () => {
    const plain = await post('{"org":"RXX","user":"a"}', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(400);
    expect(plain.json.error).toMatchObject({ field: 'content-type' });
    const foreign = await post(
      { org: 'RXX', user: 'a' },
      { 'content-type': 'application/json', origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(401);
    expect(JSON.stringify(foreign.json)).toMatch(/does not answer pages from https:\/\/evil\.example/);
  });

  it('answers only this machine', async () => {
    const route = devSignInRoute(loadDevAuthConfig({ PACS_DEV_KEY_DIR: tempKeyDir() }), { origins: [] });
    const req = Object.assign(Readable.from([Buffer.from('{"org":"RXX","user":"a"}')]), {
      method: 'POST',
      url: '/dev/sign-in',
      headers: { 'content-type': 'application/json' },
      socket: { remoteAddress: '10.20.30.40' },
    }) as unknown as IncomingMessage;
    let status = 0;
    let body = '';
    const res = {
      writeHead: (s: number) => {
        status = s;
        return res;
      },
      end: (b: string) => {
        body = b;
      },
    } as unknown as ServerResponse;
    expect(await route(req, res)).toBe(true);
    expect(status).toBe(401);
    expect(body).toMatch(/only this machine/);
  });

  it('is not part of the API that runs in Lambda', async () => {
    const keyDir = tempKeyDir();
    const auth = loadDevAuthConfig({ PACS_DEV_KEY_DIR: keyDir });
    const api = buildApi({
      scenarios: {} as never,
      verify: createVerifier(auth, await devKeySource(keyDir)),
    });
    const r = await api({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/dev/sign-in',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body: '{"org":"RXX","user":"a"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/dev/sign-in', sourceIp: '127.0.0.1', userAgent: 'test' },
        requestId: 'r1',
        timeEpoch: Date.now(),
      },
    });
    expect(r.statusCode).toBe(404);
  });
});

describe("the add-in's development sign-in", () => {
  it('signs in through the token source; the client then reaches the API with the token', async () => {
    const org = newOrg();
    const tokens = createTokenSource(createDevSignInProvider({ serviceUrl: service.url }));
    const client = createPacsClient({ baseUrl: service.url, tokens });
    await expect(client.scenarios.list()).rejects.toThrow('Sign in from the PACS pane');
    // Health needs no sign-in, and reads as the service's own wire schema (storage included).
    expect(await client.health()).toMatchObject({ status: 'ok', storage: 'ok', schemaVersion: 1 });
    const state = await tokens.signIn({ org, user: 'bea', name: 'Bea Jones' });
    expect(state).toMatchObject({ status: 'signed_in', org, user: 'bea', name: 'Bea Jones' });
    expect((await client.scenarios.list()).items).toEqual([]);
  });

  it('reports what was wrong with the choice', async () => {
    const tokens = createTokenSource(createDevSignInProvider({ serviceUrl: service.url }));
    await expect(tokens.signIn({ org: 'not a code', user: 'bea' })).rejects.toThrow(/^org: /);
    expect(tokens.state()).toMatchObject({ status: 'signed_out' });
  });

  it('says so when the local service is not running', async () => {
    const tokens = createTokenSource(createDevSignInProvider({ serviceUrl: 'http://127.0.0.1:9' }));
    await expect(tokens.signIn({ org: 'RXX', user: 'bea' })).rejects.toThrow(/is npm start running/);
  });
});
