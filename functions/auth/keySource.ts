// Chooses where verification keys come from: Entra's published JWKS in production, the local dev issuer otherwise.
import { createRemoteJWKSet } from 'jose';
import type { AuthConfig, EntraAuthConfig } from './authConfig.ts';
import { devKeySource } from './devIssuer.ts';
import type { KeySource } from './verifyToken.ts';

/** Entra signing keys, fetched lazily and cached across invocations of a warm Lambda. */
export function entraKeySource(config: Pick<EntraAuthConfig, 'jwksUrl'>): KeySource {
  return createRemoteJWKSet(new URL(config.jwksUrl), {
    // Stay well inside the API's 30 s limit when Microsoft is slow.
    timeoutDuration: 3_000,
    // An unknown `kid` triggers a refetch (key rollover), at most this often.
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
}

/** Key source for the configured mode; dev mode creates the dev key pair on first start. */
export async function keySourceFor(config: AuthConfig): Promise<KeySource> {
  return config.mode === 'entra' ? entraKeySource(config) : devKeySource(config.keyDir);
}
