// Bearer-token verification: one code path for Entra ID v2 tokens and dev-issuer tokens; only the
// configured issuer/audience and the key source differ.
import { type JWTVerifyGetKey, errors, jwtVerify } from 'jose';
import { UnauthorizedError, UnavailableError } from '../../shared/contract/errors/index.ts';
import type { Caller } from '../store/ports.ts';
import type { AuthConfig } from './authConfig.ts';
import { callerFromClaims } from './claims.ts';

/** Resolves the verification key from a token's header (a JWKS, remote or local). */
export type KeySource = JWTVerifyGetKey;

/** Verifies an `Authorization` header value. Throws UnauthorizedError (or UnavailableError if keys cannot be fetched). */
export type Verify = (authorizationHeader: string | undefined) => Promise<Caller>;

const CLOCK_TOLERANCE_SECONDS = 60;
// Entra access tokens are a few KB even with many roles; anything far larger is not one.
const MAX_HEADER_LENGTH = 16_384;
const BEARER = /^Bearer +([A-Za-z0-9_\-.=]+) *$/i;

export function createVerifier(config: AuthConfig, keySource: KeySource): Verify {
  return async (authorizationHeader) => {
    const token = bearerToken(authorizationHeader);
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(token, keySource, {
        issuer: config.issuer,
        audience: config.audience,
        // RS256 only: refuses `none` and HS* (an HMAC "signed" with our public key).
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        // jose checks exp only when present; a token that never expires is refused.
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw refusal(error);
    }
    return callerFromClaims(payload, config);
  };
}

function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw new UnauthorizedError('missing bearer token');
  if (header.length > MAX_HEADER_LENGTH) throw new UnauthorizedError('token too large');
  const match = BEARER.exec(header);
  if (!match?.[1]) throw new UnauthorizedError('authorization must be a Bearer token');
  return match[1];
}

// Short, fixed messages: say what is wrong with the token without echoing its contents.
function refusal(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return new UnauthorizedError('token expired');
  if (error instanceof errors.JWTClaimValidationFailed) return claimRefusal(error.claim, error.reason);
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new UnauthorizedError('token algorithm not allowed');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new UnauthorizedError('token signature invalid');
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return new UnauthorizedError('token signing key not recognised');
  // Key fetch trouble is ours, not the caller's: a 401 would only send them to sign in again.
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !isJoseError(error)) {
    return new UnavailableError('cannot check tokens right now; retry shortly');
  }
  return new UnauthorizedError('token malformed');
}

function claimRefusal(claim: string, reason: string): UnauthorizedError {
  if (claim === 'aud') return new UnauthorizedError('token audience is not this API');
  if (claim === 'iss') return new UnauthorizedError('token issuer is not trusted');
  if (claim === 'nbf') return new UnauthorizedError('token not yet valid');
  if (claim === 'exp' && reason === 'missing') return new UnauthorizedError('token has no expiry');
  return new UnauthorizedError('token claims invalid');
}

function isJoseError(error: unknown): boolean {
  return error instanceof errors.JOSEError;
}
