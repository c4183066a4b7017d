// The token source the functions and the pane share: single-flight silent refresh, fast failure with the
// sign-in message, expiry, refusal by the service, sign-out; and the Entra ID provider (MSAL nested app
// authentication with the Office dialog as fallback) against a scripted MSAL client and Office host.
import { describe, expect, it } from 'vitest';
import {
  type AccessToken,
  type MsalClient,
  type MsalResult,
  type OfficeAuthHost,
  SignInRequiredError,
  type TokenProvider,
  createEntraProvider,
  createTokenSource,
  decodeClaims,
} from '../../../addin/src/auth/index.ts';

/** An unsigned JWT with the claims the add-in reads (the service, not the add-in, checks signatures). */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.sig`;
}

const token = (name: string, expiresAt: number): AccessToken => ({
  token: name,
  expiresAt,
  user: 'alice',
  name: 'Alice',
  org: 'RXX',
});

describe('decodeClaims', () => {
  it('reads expiry, user, display name (UTF-8) and organisation role', () => {
    const c = decodeClaims(
      jwt({ exp: 2_000_000_000, oid: 'u-1', name: 'Zoë Brontë', roles: ['Other', 'Org.RXX'] }),
    );
    expect(c).toEqual({ expiresAt: 2_000_000_000_000, user: 'u-1', name: 'Zoë Brontë', org: 'RXX' });
  });
});

describe('createTokenSource', () => {
  it('refreshes silently once however many callers wait at the same time', async () => {
    let calls = 0;
    let release!: () => void;
    const provider: TokenProvider = {
      kind: 'entra',
      silent: () =>
        new Promise((resolve) => {
          calls++;
          release = () => resolve(token('t1', Date.now() + 3_600_000));
        }),
      interactive: async () => token('i', 0),
    };
    const source = createTokenSource(provider);
    const waiting = Promise.all([source.getToken(), source.getToken(), source.getToken()]);
    await Promise.resolve();
    release();
    expect(await waiting).toEqual(['t1', 't1', 't1']);
    expect(calls).toBe(1);
    expect(source.state()).toMatchObject({ status: 'signed_in', user: 'alice', org: 'RXX' });
  });

  it('fails at once with "Sign in from the PACS pane" when no silent sign-in exists, and does not ask again at every call', async () => {
    let calls = 0;
    const source = createTokenSource({
      kind: 'development',
      silent: async () => {
        calls++;
        return null;
      },
      interactive: async () => token('t', Date.now() + 3_600_000),
    });
    const e = await source.getToken().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SignInRequiredError);
    expect((e as Error).message).toBe('Sign in from the PACS pane');
    await source.getToken().catch(() => {});
    expect(calls).toBe(1);
    await source.signIn({ org: 'RXX', user: 'alice' });
    expect(await source.getToken()).toBe('t');
  });

  it('treats a token near its expiry as expired, and says so', async () => {
    let now = 0;
    const source = createTokenSource(
      { kind: 'development', silent: async () => null, interactive: async () => token('t', 600_000) },
      { now: () => now, expirySkewMs: 60_000 },
    );
    const states: string[] = [];
    source.subscribe((s) => states.push(s.status));
    await source.signIn();
    now = 539_000;
    expect(await source.getToken()).toBe('t');
    now = 541_000;
    await expect(source.getToken()).rejects.toBeInstanceOf(SignInRequiredError);
    expect(source.state()).toEqual({ status: 'signed_out', reason: 'your sign-in expired' });
    expect(states).toEqual(['signing_in', 'signed_in', 'signed_out']);
  });

  it('after the service refuses a token, forces a silent refresh once', async () => {
    const asked: boolean[] = [];
    let n = 0;
    const source = createTokenSource({
      kind: 'entra',
      silent: async ({ forceRefresh }) => {
        asked.push(forceRefresh);
        n++;
        return token(`t${n}`, Date.now() + 3_600_000);
      },
      interactive: async () => token('i', 0),
    });
    expect(await source.getToken()).toBe('t1');
    source.rejected('stale-other-token');
    expect(await source.getToken()).toBe('t1');
    source.rejected('t1');
    expect(await source.getToken()).toBe('t2');
    expect(asked).toEqual([false, true]);
  });

  it('does not sign back in silently after sign-out', async () => {
    const source = createTokenSource({
      kind: 'entra',
      silent: async () => token('s', Date.now() + 3_600_000),
      interactive: async () => token('i', Date.now() + 3_600_000),
    });
    expect(await source.getToken()).toBe('s');
    await source.signOut();
    await expect(source.getToken()).rejects.toBeInstanceOf(SignInRequiredError);
    expect(source.state()).toEqual({ status: 'signed_out', reason: 'signed out' });
    await source.signIn();
    expect(await source.getToken()).toBe('i');
  });

  it('reports a failed interactive sign-in and stays signed out', async () => {
    const source = createTokenSource({
      kind: 'development',
      silent: async () => null,
      interactive: async () => {
        throw new Error('org: must be an ODS-style code');
      },
    });
    await expect(source.signIn({ org: 'x' })).rejects.toThrow('ODS');
    expect(source.state()).toEqual({
      status: 'signed_out',
      reason: 'sign-in failed: org: must be an ODS-style code',
    });
  });
});

describe('createEntraProvider (MSAL nested app authentication, dialog fallback)', () => {
  const settings = {
    clientId: '11111111-1111-4111-8111-111111111111',
    tenantId: 'organizations',
    apiScope: 'api://22222222-2222-4222-8222-222222222222/access_as_user',
    redirectUri: 'https://addin.example/taskpane.html',
    dialogUrl: 'https://addin.example/auth-dialog.html',
  };
  const apiToken = jwt({ exp: 4_000_000_000, oid: 'u-7', name: 'Bea', roles: ['Org.QOP'] });
  const result = (account = { username: 'bea@trust.nhs.uk' }): MsalResult => ({
    accessToken: apiToken,
    expiresOn: new Date(3_999_000_000_000),
    account,
  });

  /** A scripted MSAL client recording what the provider asks of it. */
  function msal(script: Partial<MsalClient> = {}) {
    const log: string[] = [];
    let active: { username: string } | null = null;
    const client: MsalClient = {
      acquireTokenSilent: async (r) => {
        log.push(`silent ${r.scopes.join(' ')} force=${r.forceRefresh ?? false}`);
        return result();
      },
      ssoSilent: async (r) => {
        log.push(`ssoSilent ${r.loginHint}`);
        return result();
      },
      acquireTokenPopup: async () => {
        log.push('popup');
        return result();
      },
      getActiveAccount: () => active,
      getAllAccounts: () => (active ? [active] : []),
      setActiveAccount: (a) => {
        active = a;
      },
      clearCache: async () => {
        log.push('clearCache');
      },
      ...script,
    };
    return { client, log };
  }

  const office = (o: Partial<OfficeAuthHost> = {}): OfficeAuthHost => ({
    nestedAppAuthSupported: () => true,
    loginHint: async () => undefined,
    openDialog: async () => {
      throw new Error('no dialog expected');
    },
    ...o,
  });

  it('signs in through the host (NAA popup), then refreshes silently for the same account', async () => {
    const { client, log } = msal();
    const provider = createEntraProvider(settings, { createClient: async () => client, office: office() });
    const t = await provider.interactive({});
    expect(t).toMatchObject({ token: apiToken, expiresAt: 3_999_000_000_000, user: 'u-7', org: 'QOP' });
    await provider.silent({ forceRefresh: true });
    expect(log).toEqual(['popup', `silent ${settings.apiScope} force=true`]);
  });

  it('uses the Office sign-in as a login hint when no account is cached (Excel on the web)', async () => {
    const { client, log } = msal();
    const provider = createEntraProvider(settings, {
      createClient: async () => client,
      office: office({ loginHint: async () => 'bea@trust.nhs.uk' }),
    });
    expect((await provider.silent({ forceRefresh: false }))?.token).toBe(apiToken);
    expect(log).toEqual(['ssoSilent bea@trust.nhs.uk']);
  });

  it('answers null (sign in from the pane) when MSAL needs interaction', async () => {
    const { client } = msal({
      acquireTokenSilent: async () => {
        throw Object.assign(new Error('interaction_required'), { errorCode: 'interaction_required' });
      },
    });
    client.setActiveAccount({ username: 'bea' });
    const provider = createEntraProvider(settings, { createClient: async () => client, office: office() });
    expect(await provider.silent({ forceRefresh: false })).toBeNull();
  });

  it('falls back to the Office dialog where NAA is not supported', async () => {
    const { client, log } = msal();
    const opened: string[] = [];
    const provider = createEntraProvider(settings, {
      createClient: async () => client,
      office: office({
        nestedAppAuthSupported: () => false,
        openDialog: async (url) => {
          opened.push(url);
          return JSON.stringify({ accessToken: apiToken, expiresOn: 3_000_000_000_000 });
        },
      }),
    });
    const t = await provider.interactive({});
    expect(opened).toEqual([settings.dialogUrl]);
    expect(t.expiresAt).toBe(3_000_000_000_000);
    expect(log).toEqual([]);
    // The dialog's token is kept until the service refuses it.
    expect((await provider.silent({ forceRefresh: false }))?.token).toBe(apiToken);
    expect(await provider.silent({ forceRefresh: true })).toBeNull();
  });

  it('falls back to the dialog when the popup is blocked, and reports a dialog error', async () => {
    const { client } = msal({
      acquireTokenPopup: async () => {
        throw Object.assign(new Error('popup blocked'), { errorCode: 'popup_window_error' });
      },
    });
    const provider = createEntraProvider(settings, {
      createClient: async () => client,
      office: office({ openDialog: async () => JSON.stringify({ error: 'user_cancelled' }) }),
    });
    await expect(provider.interactive({})).rejects.toThrow('user_cancelled');
  });

  it('signs out by clearing the account and MSAL cache', async () => {
    const { client, log } = msal();
    const provider = createEntraProvider(settings, { createClient: async () => client, office: office() });
    await provider.interactive({});
    await provider.signOut?.();
    expect(client.getActiveAccount()).toBeNull();
    expect(log).toContain('clearCache');
  });
});
