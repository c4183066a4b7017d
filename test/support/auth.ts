// Token-crafting helpers for auth tests: everything local, nothing fetched.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { type CryptoKey, type JWTPayload, SignJWT, base64url } from 'jose';
import { expect } from 'vitest';
import { UnauthorizedError } from '../../shared/contract/errors/serviceErrors.ts';

export function tempKeyDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'pacs-auth-')), 'dev-issuer');
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Signs arbitrary claims with RS256 (no defaults, so each test states what it sends). */
export function signRs256(claims: JWTPayload, key: CryptoKey | KeyObject, kid: string) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);
}

/** Builds `header.payload.signature` by hand, for tokens no library would sign. */
export function rawJwt(header: object, payload: object, signature = ''): string {
  const part = (o: object) => base64url.encode(JSON.stringify(o));
  return `${part(header)}.${part(payload)}.${signature}`;
}

export function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[index] ?? '')));
}

export async function expectRefused(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  expect((error as Error).message).toMatch(message);
}
