// Local development issuer: an RS256 key pair made on first use and kept in a git-ignored directory, so
// local tokens go through exactly the verification that production tokens do.
import {
  type KeyObject,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  generateKeyPair as rsaKeyPair,
} from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type JSONWebKeySet, SignJWT, calculateJwkThumbprint, createLocalJWKSet } from 'jose';
import * as z from 'zod';
import { ValidationError } from '../../shared/core/base/index.ts';
import {
  DEFAULT_ORG_ROLE_PREFIX,
  DEFAULT_SCOPE,
  DEV_AUDIENCE,
  DEV_ISSUER,
  DEV_TENANT_ID,
} from './authConfig.ts';
import { orgCodeSchema, userIdSchema } from './claims.ts';
import type { KeySource } from './verifyToken.ts';

const PRIVATE_KEY_FILE = 'private-key.pem';
const JWKS_FILE = 'jwks.json';

export interface DevIssuer {
  /** RFC 7638 thumbprint of the public key; stable for the life of the key. */
  kid: string;
  privateKey: KeyObject;
  /** Public keys only, as served by a real issuer. */
  jwks: JSONWebKeySet;
}

/** Loads the dev key pair from `dir`, generating it on first use. Safe to call from two processes at once. */
export async function ensureDevIssuer(dir: string): Promise<DevIssuer> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, PRIVATE_KEY_FILE);
  const pem = (await readIfExists(keyPath)) ?? (await createPrivateKeyFile(keyPath));
  // Tighten a key copied around with looser permissions (no-op on Windows).
  if (((await stat(keyPath)).mode & 0o077) !== 0) await chmod(keyPath, 0o600);

  const privateKey = createPrivateKey(pem);
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: publicJwk.n, e: publicJwk.e });
  const jwks: JSONWebKeySet = {
    keys: [{ kty: 'RSA', n: publicJwk.n, e: publicJwk.e, kid, alg: 'RS256', use: 'sig' }],
  };
  // The JWKS is derived from the private key, so rewriting it when it differs can never split the pair.
  const text = `${JSON.stringify(jwks, null, 2)}\n`;
  if ((await readIfExists(join(dir, JWKS_FILE))) !== text)
    await writeAtomically(join(dir, JWKS_FILE), text, 0o644);
  return { kid, privateKey, jwks };
}

/** Key source for the verifier in dev mode (the same verifier as production). */
export async function devKeySource(dir: string): Promise<KeySource> {
  return createLocalJWKSet((await ensureDevIssuer(dir)).jwks);
}

export interface DevTokenRequest {
  org: string;
  user: string;
  name?: string;
  /** Lifetime from now; default one hour. Ignored when `expiresAt` is given. */
  ttlSeconds?: number;
  /** Default `[access_as_user]`. */
  scopes?: string[];
  /** Default the dev audience; tests pass another to prove refusal. */
  audience?: string;
  /** Absolute expiry in epoch seconds (may be in the past, for tests). */
  expiresAt?: number;
  /** Default `Org.`; must match PACS_ORG_ROLE_PREFIX of the API. */
  rolePrefix?: string;
}

const requestSchema = z.object({
  org: orgCodeSchema,
  user: userIdSchema,
  name: z.string().trim().min(1).max(200).optional(),
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(3600),
  scopes: z.array(z.string().regex(/^[A-Za-z0-9._-]+$/)).default([DEFAULT_SCOPE]),
  audience: z.string().min(1).default(DEV_AUDIENCE),
  expiresAt: z.number().int().optional(),
  rolePrefix: z.string().min(1).default(DEFAULT_ORG_ROLE_PREFIX),
});

/** Signs a token shaped like an Entra v2 access token with the dev key. Throws ValidationError on a bad request. */
export async function mintDevToken(request: DevTokenRequest, dir: string): Promise<string> {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  }
  const r = parsed.data;
  const { kid, privateKey } = await ensureDevIssuer(dir);
  const now = Math.floor(Date.now() / 1000);
  const exp = r.expiresAt ?? now + r.ttlSeconds;
  const issued = Math.min(now, exp);
  return new SignJWT({
    ver: '2.0',
    tid: DEV_TENANT_ID,
    oid: r.user,
    name: r.name ?? r.user,
    roles: [`${r.rolePrefix}${r.org}`],
    scp: r.scopes.join(' '),
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(r.audience)
    .setSubject(r.user)
    .setIssuedAt(issued)
    .setNotBefore(issued)
    .setExpirationTime(exp)
    .sign(privateKey);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

// Writes a new key to a private temp file, then hard-links it into place: link() refuses to overwrite,
// so when the dev server and `npm run token` race, one key wins and both read it.
async function createPrivateKeyFile(keyPath: string): Promise<string> {
  const { privateKey } = await promisify(rsaKeyPair)('rsa', { modulusLength: 2048 });
  const tmp = `${keyPath}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, keyPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(tmp);
  }
  return readFile(keyPath, 'utf8');
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode });
  await rename(tmp, path);
}
