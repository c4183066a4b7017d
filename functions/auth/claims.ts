// Turns the claims of an already-verified token into a Caller. Shared by Entra and dev tokens so both
// take the same path: the organisation comes only from an app role, never from the request.
import type { JWTPayload } from 'jose';
import * as z from 'zod';
import { UnauthorizedError } from '../../shared/contract/errors/index.ts';
import { stripForbidden } from '../../shared/core/base/index.ts';
import type { Caller, OrgId } from '../store/ports.ts';

/** ODS-style organisation code, e.g. `RXX` (a trust) or `QOP` (an ICB). */
export const orgCodeSchema = z
  .string()
  .regex(/^[A-Z0-9]{3,5}$/, 'must be an ODS-style code of 3 to 5 capital letters or digits, e.g. RXX');

/** Stable user id: Entra `oid` (a GUID), `sub`, or a dev user name. */
export const userIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._@-]{1,64}$/, 'must be 1 to 64 letters, digits or . _ @ -');

const MAX_NAME = 200;

export interface ClaimRules {
  requiredScope: string;
  orgRolePrefix: string;
}

/** Applies the scope, organisation-role and identity rules. Throws UnauthorizedError. */
export function callerFromClaims(claims: JWTPayload, rules: ClaimRules): Caller {
  // Requiring the delegated scope refuses ID tokens and app-only tokens, which carry no `scp`.
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : [];
  if (!scopes.includes(rules.requiredScope)) throw new UnauthorizedError('token lacks the required scope');

  return { org: orgFromRoles(claims.roles, rules.orgRolePrefix), ...identity(claims) };
}

function orgFromRoles(roles: unknown, prefix: string): OrgId {
  const list = Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
  const orgRoles = list.filter((r) => r.startsWith(prefix));
  if (orgRoles.length === 0) throw new UnauthorizedError('no organisation role');
  // One user, one organisation: guessing between two would risk writing to the wrong one.
  if (orgRoles.length > 1) throw new UnauthorizedError('more than one organisation role');
  const code = orgCodeSchema.safeParse(orgRoles[0]?.slice(prefix.length));
  if (!code.success) throw new UnauthorizedError('organisation role is malformed');
  return code.data as OrgId;
}

function identity(claims: JWTPayload): { user: string; name: string } {
  const user = userIdSchema.safeParse(claims.oid ?? claims.sub);
  if (!user.success) throw new UnauthorizedError('token has no usable user id');
  const name = [claims.name, claims.preferred_username].find(
    (n): n is string => typeof n === 'string' && n.trim() !== '',
  );
  // Shown in history lists: a name cannot be refused like typed text, so what plain text refuses is removed.
  const shown = stripForbidden(name ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return { user: user.data, name: (shown || user.data).slice(0, MAX_NAME) };
}
