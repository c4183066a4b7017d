// The dev issuer end to end through the production verifier: what is accepted and every way of being refused.
import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DevAuthConfig, loadDevAuthConfig } from '../../../functions/auth/authConfig.ts';
import { devKeySource, ensureDevIssuer, mintDevToken } from '../../../functions/auth/devIssuer.ts';
import { type Verify, createVerifier } from '../../../functions/auth/verifyToken.ts';
import { decodePart, expectRefused, nowSeconds, rawJwt, signRs256, tempKeyDir } from '../../support/auth.ts';

let dir: string;
let config: DevAuthConfig;
let verify: Verify;

beforeAll(async () => {
  dir = tempKeyDir();
  config = loadDevAuthConfig({ PACS_DEV_KEY_DIR: dir });
  verify = createVerifier(config, await devKeySource(dir));
});

const bearer = (token: string) => `Bearer ${token}`;

describe('dev tokens through the shared verifier', () => {
  it('verifies a minted token to the caller it names', async () => {
    const token = await mintDevToken({ org: 'RXX', user: 'alice', name: 'Alice Smith' }, dir);
    expect(await verify(bearer(token))).toEqual({ org: 'RXX', user: 'alice', name: 'Alice Smith' });
  });

  it('falls back to the user id for the name and accepts a lower-case scheme', async () => {
    const token = await mintDevToken({ org: 'QOP', user: 'bob@nhs.net' }, dir);
    expect(await verify(`bearer ${token}`)).toEqual({ org: 'QOP', user: 'bob@nhs.net', name: 'bob@nhs.net' });
  });

  it('refuses a missing, empty or non-Bearer header, and garbage', async () => {
    const token = await mintDevToken({ org: 'RXX', user: 'alice' }, dir);
    await expectRefused(verify(undefined), 'missing bearer token');
    await expectRefused(verify(''), 'missing bearer token');
    await expectRefused(verify(`Basic ${token}`), 'must be a Bearer token');
    await expectRefused(verify(token), 'must be a Bearer token');
    await expectRefused(verify('Bearer '), 'must be a Bearer token');
    await expectRefused(verify('Bearer not-a-jwt'), 'token malformed');
    await expectRefused(verify('Bearer a.b.c'), 'token malformed');
    await expectRefused(verify(`Bearer ${'a'.repeat(20_000)}`), 'token too large');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const claims = decodePart(await mintDevToken({ org: 'RXX', user: 'alice' }, dir), 1);
    await expectRefused(verify(bearer(rawJwt({ alg: 'none', typ: 'JWT' }, claims))), 'algorithm not allowed');
  });

  it('refuses HS256 signed with the public key text (key confusion)', async () => {
    const claims = decodePart(await mintDevToken({ org: 'RXX', user: 'alice' }, dir), 1);
    const { kid, privateKey } = await ensureDevIssuer(dir);
    const publicTexts = [
      createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
      readFileSync(join(dir, 'jwks.json'), 'utf8'),
    ];
    for (const secret of publicTexts) {
      const unsigned = rawJwt({ alg: 'HS256', typ: 'JWT', kid }, claims).slice(0, -1);
      const mac = createHmac('sha256', secret).update(unsigned).digest('base64url');
      await expectRefused(verify(bearer(`${unsigned}.${mac}`)), 'algorithm not allowed');
    }
  });

  it('refuses a token signed by a foreign key, with our kid or another', async () => {
    const { kid } = await ensureDevIssuer(dir);
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const claims = decodePart(await mintDevToken({ org: 'RXX', user: 'alice' }, dir), 1);
    await expectRefused(verify(bearer(await signRs256(claims, foreign, kid))), 'signature invalid');
    await expectRefused(verify(bearer(await signRs256(claims, foreign, 'other'))), 'key not recognised');
  });

  it('refuses an expired token beyond the 60 s tolerance, accepts one within it', async () => {
    const stale = await mintDevToken({ org: 'RXX', user: 'alice', expiresAt: nowSeconds() - 120 }, dir);
    await expectRefused(verify(bearer(stale)), 'token expired');
    const justExpired = await mintDevToken({ org: 'RXX', user: 'alice', expiresAt: nowSeconds() - 30 }, dir);
    expect((await verify(bearer(justExpired))).user).toBe('alice');
  });

  it('refuses a token not yet valid', async () => {
    const { kid, privateKey } = await ensureDevIssuer(dir);
    const claims = decodePart(await mintDevToken({ org: 'RXX', user: 'alice' }, dir), 1);
    const future = { ...claims, nbf: nowSeconds() + 600, exp: nowSeconds() + 3600 };
    await expectRefused(verify(bearer(await signRs256(future, privateKey, kid))), 'not yet valid');
  });

  it('refuses a token without an expiry', async () => {
    const { kid, privateKey } = await ensureDevIssuer(dir);
    const { exp: _dropped, ...claims } = decodePart(
      await mintDevToken({ org: 'RXX', user: 'alice' }, dir),
      1,
    );
    await expectRefused(verify(bearer(await signRs256(claims, privateKey, kid))), 'no expiry');
  });

  it('refuses the wrong audience and the wrong issuer', async () => {
    const otherApi = await mintDevToken({ org: 'RXX', user: 'alice', audience: 'api://something-else' }, dir);
    await expectRefused(verify(bearer(otherApi)), 'audience is not this API');

    const { kid, privateKey } = await ensureDevIssuer(dir);
    const claims = decodePart(await mintDevToken({ org: 'RXX', user: 'alice' }, dir), 1);
    const v1 = { ...claims, iss: 'https://sts.windows.net/00000000-0000-4000-8000-00000000dea1/' };
    await expectRefused(verify(bearer(await signRs256(v1, privateKey, kid))), 'issuer is not trusted');
  });

  it('refuses a token without the required scope', async () => {
    const other = await mintDevToken({ org: 'RXX', user: 'alice', scopes: ['User.Read'] }, dir);
    await expectRefused(verify(bearer(other)), 'lacks the required scope');
    const none = await mintDevToken({ org: 'RXX', user: 'alice', scopes: [] }, dir);
    await expectRefused(verify(bearer(none)), 'lacks the required scope');
  });

  it('refuses no organisation role, two organisation roles and a malformed one', async () => {
    const { kid, privateKey } = await ensureDevIssuer(dir);
    const claims = decodePart(await mintDevToken({ org: 'RXX', user: 'alice' }, dir), 1);
    const withRoles = async (roles: unknown) =>
      bearer(await signRs256({ ...claims, roles }, privateKey, kid));
    await expectRefused(verify(await withRoles(undefined)), 'no organisation role');
    await expectRefused(verify(await withRoles(['Reader'])), 'no organisation role');
    await expectRefused(verify(await withRoles('Org.RXX')), 'no organisation role');
    await expectRefused(verify(await withRoles(['Org.RXX', 'Org.R0A'])), 'more than one organisation role');
    await expectRefused(verify(await withRoles(['Org.rxx'])), 'organisation role is malformed');
    expect((await verify(await withRoles(['Reader', 'Org.R0A']))).org).toBe('R0A');
  });

  it('refuses a token without a usable user id', async () => {
    const { kid, privateKey } = await ensureDevIssuer(dir);
    const {
      oid: _o,
      sub: _s,
      ...claims
    } = decodePart(await mintDevToken({ org: 'RXX', user: 'alice' }, dir), 1);
    await expectRefused(verify(bearer(await signRs256(claims, privateKey, kid))), 'no usable user id');
  });

  it('refuses a tampered payload that keeps the original signature', async () => {
    const token = await mintDevToken({ org: 'RXX', user: 'alice' }, dir);
    const [header, , signature] = token.split('.');
    const claims = { ...decodePart(token, 1), roles: ['Org.RYY'] };
    const forged = `${header}.${rawJwt({}, claims).split('.')[1]}.${signature}`;
    await expectRefused(verify(bearer(forged)), 'signature invalid');
  });

  it('never echoes token contents in refusal messages', async () => {
    const token = await mintDevToken({ org: 'RXX', user: 'secret-user', audience: 'elsewhere' }, dir);
    const error = await verify(bearer(token)).catch((e: Error) => e);
    expect(String((error as Error).message)).not.toMatch(/secret-user|elsewhere|RXX/);
  });
});
