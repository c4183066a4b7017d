// Auth configuration from environment variables, validated once at start so a bad deploy fails loudly
// and names the variable at fault (rather than refusing every token with a vague 401).
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

/** Fixed identity of the local development issuer; dev tokens carry these and nothing else verifies them. */
export const DEV_ISSUER = 'http://127.0.0.1/pacs-dev-issuer';
export const DEV_AUDIENCE = 'pacs-capitation-local';
export const DEV_TENANT_ID = '00000000-0000-4000-8000-00000000dea1';
export const DEFAULT_SCOPE = 'access_as_user';
export const DEFAULT_ORG_ROLE_PREFIX = 'Org.';
/** Relative to the repository root; `.data/` is git-ignored. */
export const DEFAULT_DEV_KEY_DIR = '.data/dev-issuer';

interface BaseAuthConfig {
  /** Exact `iss` a token must carry. */
  issuer: string;
  /** Exact `aud` a token must carry. */
  audience: string;
  /** Delegated scope that must appear in the space-separated `scp` claim. */
  requiredScope: string;
  /** App roles starting with this name an organisation: `Org.RXX` -> `RXX`. */
  orgRolePrefix: string;
}

export interface EntraAuthConfig extends BaseAuthConfig {
  mode: 'entra';
  tenantId: string;
  jwksUrl: string;
}

export interface DevAuthConfig extends BaseAuthConfig {
  mode: 'dev';
  /** Absolute directory holding the dev issuer's key pair. */
  keyDir: string;
}

export type AuthConfig = EntraAuthConfig | DevAuthConfig;

/** A missing or malformed auth variable; `variables` names each one at fault. */
export class AuthConfigError extends Error {
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
    this.name = 'AuthConfigError';
  }
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const common = {
  PACS_AUTH_SCOPE: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be one scope name, e.g. access_as_user')
    .default(DEFAULT_SCOPE),
  PACS_ORG_ROLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{0,30}\.$/, "must be a role name prefix ending in '.', e.g. Org.")
    .default(DEFAULT_ORG_ROLE_PREFIX),
};

const entraEnv = z.object({
  ...common,
  // v2 tokens carry GUIDs; an `api://` audience means a v1 token setup (a classic 401 cause).
  PACS_ENTRA_TENANT_ID: z.string().regex(guid, 'must be the Entra directory (tenant) id GUID'),
  PACS_ENTRA_AUDIENCE: z.string().regex(guid, 'must be the API application (client) id GUID, not api://...'),
  PACS_ENTRA_JWKS_URL: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
});

const devEnv = z.object({
  ...common,
  PACS_DEV_KEY_DIR: z.string().default(DEFAULT_DEV_KEY_DIR),
});

const modeSchema = z.enum(['entra', 'dev'], { error: "must be 'entra' or 'dev'" });

type Env = Record<string, string | undefined>;

/** Reads and validates auth settings. Throws AuthConfigError naming each bad variable. */
export function loadAuthConfig(env: Env = process.env): AuthConfig {
  const vars = withoutBlanks(env);
  const mode = parseOrThrow(z.object({ PACS_AUTH_MODE: modeSchema }), vars).PACS_AUTH_MODE;
  if (mode === 'dev') return devConfig(vars);
  const e = parseOrThrow(entraEnv, vars);
  return {
    mode: 'entra',
    tenantId: e.PACS_ENTRA_TENANT_ID,
    issuer: `https://login.microsoftonline.com/${e.PACS_ENTRA_TENANT_ID}/v2.0`,
    audience: e.PACS_ENTRA_AUDIENCE,
    requiredScope: e.PACS_AUTH_SCOPE,
    orgRolePrefix: e.PACS_ORG_ROLE_PREFIX,
    jwksUrl:
      e.PACS_ENTRA_JWKS_URL ??
      `https://login.microsoftonline.com/${e.PACS_ENTRA_TENANT_ID}/discovery/v2.0/keys`,
  };
}

/** Dev settings regardless of PACS_AUTH_MODE (used by `npm run token`). */
export function loadDevAuthConfig(env: Env = process.env): DevAuthConfig {
  return devConfig(withoutBlanks(env));
}

function devConfig(vars: Env): DevAuthConfig {
  // The dev issuer's private key sits beside the code; a deployed function must never trust it.
  if (vars.AWS_LAMBDA_FUNCTION_NAME) {
    throw new AuthConfigError(['PACS_AUTH_MODE'], 'PACS_AUTH_MODE=dev is refused inside AWS Lambda');
  }
  const d = parseOrThrow(devEnv, vars);
  return {
    mode: 'dev',
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    requiredScope: d.PACS_AUTH_SCOPE,
    orgRolePrefix: d.PACS_ORG_ROLE_PREFIX,
    keyDir: isAbsolute(d.PACS_DEV_KEY_DIR) ? d.PACS_DEV_KEY_DIR : resolve(repoRoot(), d.PACS_DEV_KEY_DIR),
  };
}

// Computed lazily: only local runs need it, and the Lambda bundle's location means nothing.
function repoRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

// Deploy tooling often sets a variable to '' to mean "unset".
function withoutBlanks(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
}

function parseOrThrow<T extends z.ZodType>(schema: T, vars: Env): z.output<T> {
  const result = schema.safeParse(vars);
  if (result.success) return result.data;
  const names = result.error.issues.map((i) => String(i.path[0] ?? 'PACS_AUTH_MODE'));
  const lines = result.error.issues.map((issue, k) => {
    const name = names[k] ?? '';
    return vars[name] === undefined ? `${name} is required (${issue.message})` : `${name} ${issue.message}`;
  });
  throw new AuthConfigError(names, `auth configuration: ${lines.join('; ')}`);
}
