/** Claims of an access token, decoded for display and expiry only: the service verifies the signature. */
export interface TokenClaims {
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
  user: string;
  name: string;
  /** Organisation from the `Org.<code>` app role, when present. */
  org: string | undefined;
}

export function decodeClaims(token: string, orgRolePrefix = 'Org.'): TokenClaims {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const json = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  const claims = JSON.parse(decodeURIComponent(escapeUtf8(json))) as Record<string, unknown>;
  const exp = typeof claims.exp === 'number' ? claims.exp : 0;
  const user = String(claims.oid ?? claims.sub ?? '');
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name : user;
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [];
  const org = (roles as string[]).find((r) => r.startsWith(orgRolePrefix))?.slice(orgRolePrefix.length);
  return { expiresAt: exp * 1000, user, name, org };
}

// atob gives one char per byte; this turns the bytes back into UTF-8 text (names may have accents).
function escapeUtf8(binary: string): string {
  let out = '';
  for (let i = 0; i < binary.length; i++) out += `%${binary.charCodeAt(i).toString(16).padStart(2, '0')}`;
  return out;
}
