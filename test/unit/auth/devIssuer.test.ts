// The dev key pair: made once with a private-only key file, reused afterwards, and safe against a start-up race.
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/core/base/errors.ts';
import { ensureDevIssuer, mintDevToken } from '../../../functions/auth/devIssuer.ts';
import { decodePart, tempKeyDir } from '../../support/auth.ts';

const posix = process.platform !== 'win32';

describe('ensureDevIssuer', () => {
  it('creates a PKCS8 private key (0600) and a public JWKS with a kid, then reuses them', async () => {
    const dir = tempKeyDir();
    const first = await ensureDevIssuer(dir);
    const pem = readFileSync(join(dir, 'private-key.pem'), 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    if (posix) expect(statSync(join(dir, 'private-key.pem')).mode & 0o777).toBe(0o600);

    const jwks = JSON.parse(readFileSync(join(dir, 'jwks.json'), 'utf8'));
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', kid: first.kid, alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();

    const again = await ensureDevIssuer(dir);
    expect(again.kid).toBe(first.kid);
    expect(readFileSync(join(dir, 'private-key.pem'), 'utf8')).toBe(pem);
  });

  it('settles on one key when two processes start at once, and tightens loose permissions', async () => {
    const dir = tempKeyDir();
    const [a, b, c] = await Promise.all([ensureDevIssuer(dir), ensureDevIssuer(dir), ensureDevIssuer(dir)]);
    expect(new Set([a.kid, b.kid, c.kid]).size).toBe(1);
    if (!posix) return;
    chmodSync(join(dir, 'private-key.pem'), 0o644);
    await ensureDevIssuer(dir);
    expect(statSync(join(dir, 'private-key.pem')).mode & 0o777).toBe(0o600);
  });
});

describe('mintDevToken', () => {
  it('signs a v2-shaped token with the dev kid', async () => {
    const dir = tempKeyDir();
    const token = await mintDevToken(
      { org: 'RXX', user: 'alice', name: 'Alice Smith', ttlSeconds: 600 },
      dir,
    );
    expect(decodePart(token, 0)).toEqual({ alg: 'RS256', typ: 'JWT', kid: (await ensureDevIssuer(dir)).kid });
    const claims = decodePart(token, 1);
    expect(claims).toMatchObject({
      iss: 'http://127.0.0.1/pacs-dev-issuer',
      aud: 'pacs-capitation-local',
      sub: 'alice',
      oid: 'alice',
      name: 'Alice Smith',
      roles: ['Org.RXX'],
      scp: 'access_as_user',
      ver: '2.0',
      tid: '00000000-0000-4000-8000-00000000dea1',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
    expect(claims.nbf).toBe(claims.iat);
  });

  it('refuses a bad organisation code or user with a ValidationError naming the field', async () => {
    const dir = tempKeyDir();
    const error = await mintDevToken({ org: 'rxx', user: 'alice' }, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('org');
    await expect(mintDevToken({ org: 'RXX', user: 'a b' }, dir)).rejects.toThrow(/^user:/);
  });
});
