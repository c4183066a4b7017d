// The production (Entra ID v2) path without the internet: config validation, then Entra-shaped tokens signed
// by a locally generated key injected as the key source.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CryptoKey,
  type JWK,
  type JWTPayload,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../../shared/contract/errors/serviceErrors.ts';
import { AuthConfigError, type EntraAuthConfig, loadAuthConfig } from '../../../functions/auth/authConfig.ts';
import { entraKeySource } from '../../../functions/auth/keySource.ts';
import { createVerifier } from '../../../functions/auth/verifyToken.ts';
import { expectRefused, nowSeconds, signRs256 } from '../../support/auth.ts';

const TENANT = '2b4c6d8e-1111-4222-8333-944455566677';
const API_CLIENT_ID = '7f0e1d2c-aaaa-4bbb-8ccc-ddddeeeeffff';
const entraEnv = {
  PACS_AUTH_MODE: 'entra',
  PACS_ENTRA_TENANT_ID: TENANT,
  PACS_ENTRA_AUDIENCE: API_CLIENT_ID,
};

function configError(env: Record<string, string | undefined>): AuthConfigError {
  try {
    loadAuthConfig(env);
  } catch (error) {
    if (error instanceof AuthConfigError) return error;
    throw error;
  }
  throw new Error('expected an AuthConfigError');
}

describe('auth configuration', () => {
  it('builds the v2 issuer, default JWKS URL, scope and role prefix from the tenant and audience', () => {
    expect(loadAuthConfig(entraEnv)).toEqual({
      mode: 'entra',
      tenantId: TENANT,
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      audience: API_CLIENT_ID,
      requiredScope: 'access_as_user',
      orgRolePrefix: 'Org.',
      jwksUrl: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
    });
  });

  it('names a missing tenant, a v1-style audience and a bad mode', () => {
    const missing = configError({ ...entraEnv, PACS_ENTRA_TENANT_ID: undefined });
    expect(missing.variables).toEqual(['PACS_ENTRA_TENANT_ID']);
    expect(missing.message).toMatch(/PACS_ENTRA_TENANT_ID is required/);
    expect(configError({ ...entraEnv, PACS_ENTRA_TENANT_ID: '  ' }).variables).toEqual([
      'PACS_ENTRA_TENANT_ID',
    ]);

    const v1 = configError({ ...entraEnv, PACS_ENTRA_AUDIENCE: 'api://pacs' });
    expect(v1.message).toMatch(/PACS_ENTRA_AUDIENCE must be the API application \(client\) id GUID/);
    expect(configError({ ...entraEnv, PACS_ENTRA_JWKS_URL: 'http://x/keys' }).variables).toEqual([
      'PACS_ENTRA_JWKS_URL',
    ]);
    expect(configError({}).message).toMatch(/PACS_AUTH_MODE is required/);
    expect(configError({ PACS_AUTH_MODE: 'none' }).message).toMatch(
      /PACS_AUTH_MODE must be 'entra' or 'dev'/,
    );
  });

  it('takes scope and role prefix overrides, and refuses dev mode inside Lambda', () => {
    const custom = loadAuthConfig({
      ...entraEnv,
      PACS_AUTH_SCOPE: 'Scenarios.ReadWrite',
      PACS_ORG_ROLE_PREFIX: 'Ods.',
    });
    expect(custom).toMatchObject({ requiredScope: 'Scenarios.ReadWrite', orgRolePrefix: 'Ods.' });
    expect(configError({ ...entraEnv, PACS_ORG_ROLE_PREFIX: 'Org' }).variables).toEqual([
      'PACS_ORG_ROLE_PREFIX',
    ]);
    const lambda = configError({ PACS_AUTH_MODE: 'dev', AWS_LAMBDA_FUNCTION_NAME: 'api' });
    expect(lambda.message).toMatch(/refused inside AWS Lambda/);
  });
});

describe('Entra-shaped tokens', () => {
  const config = loadAuthConfig(entraEnv) as EntraAuthConfig;
  const kid = 'entra-test-key';
  let privateKey: CryptoKey;
  let publicJwk: JWK;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' };
  });

  // Shaped like a real delegated v2 access token from the NHSmail shared tenant.
  const claims = () => ({
    aud: API_CLIENT_ID,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    iat: nowSeconds(),
    nbf: nowSeconds(),
    exp: nowSeconds() + 3600,
    azp: '11111111-2222-4333-8444-555555555555',
    name: 'Smith, Alice (NHS Tameside)',
    oid: '0f9e8d7c-6b5a-4432-8210-fedcba987654',
    preferred_username: 'alice.smith@nhs.net',
    roles: ['Org.RMP'],
    scp: 'access_as_user',
    sub: 'aXBzdW0tc3ViamVjdC1pZC1mb3ItYWxpY2UtMTIzNDU2',
    tid: TENANT,
    ver: '2.0',
  });

  it('verifies to the caller from oid, name and the org app role', async () => {
    const verify = createVerifier(config, createLocalJWKSet({ keys: [publicJwk] }));
    const token = await signRs256(claims(), privateKey, kid);
    expect(await verify(`Bearer ${token}`)).toEqual({
      org: 'RMP',
      user: '0f9e8d7c-6b5a-4432-8210-fedcba987654',
      name: 'Smith, Alice (NHS Tameside)',
    });
  });

  it('refuses a v1 token, an ID token, a token for another API and an app-only token', async () => {
    const verify = createVerifier(config, createLocalJWKSet({ keys: [publicJwk] }));
    const send = async (c: JWTPayload) => verify(`Bearer ${await signRs256(c, privateKey, kid)}`);
    const v1 = {
      ...claims(),
      iss: `https://sts.windows.net/${TENANT}/`,
      aud: `api://${API_CLIENT_ID}`,
      ver: '1.0',
    };
    await expectRefused(send(v1), 'issuer is not trusted');
    const { scp: _scp, ...idToken } = { ...claims(), aud: '11111111-2222-4333-8444-555555555555' };
    await expectRefused(send(idToken), 'audience is not this API');
    await expectRefused(send({ ...claims(), aud: '00000003-0000-0000-c000-000000000000' }), 'audience');
    const { scp: _s, ...appOnly } = claims();
    await expectRefused(send(appOnly), 'lacks the required scope');
    await expectRefused(
      send({ ...claims(), tid: 'x', iss: 'https://login.microsoftonline.com/x/v2.0' }),
      'issuer',
    );
  });

  describe('through the remote JWKS key source (served locally)', () => {
    let server: Server;
    let jwksUrl: string;
    let fetches = 0;

    beforeAll(async () => {
      server = createServer((_req, res) => {
        fetches += 1;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [publicJwk] }));
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/v2.0/keys`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it('fetches the keys once and reuses them', async () => {
      const verify = createVerifier(config, entraKeySource({ jwksUrl }));
      const token = await signRs256(claims(), privateKey, kid);
      expect((await verify(`Bearer ${token}`)).org).toBe('RMP');
      expect((await verify(`Bearer ${token}`)).org).toBe('RMP');
      expect(fetches).toBe(1);
    });

    it('answers Unavailable, not Unauthorized, when the keys cannot be fetched', async () => {
      const verify = createVerifier(config, entraKeySource({ jwksUrl: 'http://127.0.0.1:9/keys' }));
      const error = await verify(`Bearer ${await signRs256(claims(), privateKey, kid)}`).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnavailableError);
    });
  });
});
