import { SignInRequiredError } from './errors.ts';

/** A bearer token and what the pane shows about it. */
export interface AccessToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: string;
  name: string;
  org: string | undefined;
}

/** What a sign-in needs from the user: the development sign-in asks for an organisation and a user; Entra ID
 *  asks Microsoft (the fields are ignored). */
export interface SignInRequest {
  org?: string;
  user?: string;
  name?: string;
}

/** Where tokens come from: the local development sign-in or Microsoft Entra ID. */
export interface TokenProvider {
  readonly kind: 'development' | 'entra';
  /** A token without the user (a cached or silently refreshed one), or null when the user must sign in.
   *  `forceRefresh` after the service refused the last token. Never opens UI. */
  silent(options: { forceRefresh: boolean }): Promise<AccessToken | null>;
  /** Signs in with the user (a dialog, a popup, the development form). */
  interactive(request: SignInRequest): Promise<AccessToken>;
  signOut?(): Promise<void>;
}

export type SignInState =
  | { status: 'signed_out'; reason: string }
  | { status: 'signing_in' }
  | {
      status: 'signed_in';
      user: string;
      name: string;
      org: string | undefined;
      /** Epoch milliseconds. */
      expiresAt: number;
    };

/** The one token source the functions and the pane share. */
export interface TokenSource {
  readonly kind: TokenProvider['kind'];
  /** A valid token, refreshed silently when possible (one refresh at a time however many callers wait);
   *  otherwise SignInRequiredError at once, never a wait on the user. */
  getToken(): Promise<string>;
  /** The service refused `token` (401): forget it so the next getToken refreshes or asks for sign-in. */
  rejected(token: string): void;
  signIn(request?: SignInRequest): Promise<SignInState>;
  signOut(): Promise<void>;
  state(): SignInState;
  /** Called on every state change; returns the unsubscribe function. */
  subscribe(listener: (state: SignInState) => void): () => void;
}

export interface TokenSourceOptions {
  now?: () => number;
  /** A token this close to expiry counts as expired (clock skew, request time). */
  expirySkewMs?: number;
  /** After a silent refresh found no sign-in, do not try again for this long (each recalculation would). */
  silentCooldownMs?: number;
}

export function createTokenSource(provider: TokenProvider, options: TokenSourceOptions = {}): TokenSource {
  const now = options.now ?? Date.now;
  const skew = options.expirySkewMs ?? 60_000;
  const cooldown = options.silentCooldownMs ?? 30_000;
  const listeners = new Set<(s: SignInState) => void>();

  let current: AccessToken | undefined;
  let state: SignInState = { status: 'signed_out', reason: 'not signed in yet' };
  let refreshing: Promise<AccessToken | null> | undefined;
  let silentFailedAt: number | undefined;
  let forceRefresh = false;
  // After an explicit sign-out, a silent refresh must not sign the user back in.
  let signedOut = false;

  const set = (next: SignInState) => {
    state = next;
    for (const l of listeners) l(next);
  };
  const signedIn = (t: AccessToken): SignInState => ({
    status: 'signed_in',
    user: t.user,
    name: t.name,
    org: t.org,
    expiresAt: t.expiresAt,
  });
  const usable = (t: AccessToken | undefined): t is AccessToken => !!t && t.expiresAt - skew > now();
  const accept = (t: AccessToken) => {
    current = t;
    silentFailedAt = undefined;
    forceRefresh = false;
    signedOut = false;
    set(signedIn(t));
  };
  const expire = (reason: string) => {
    current = undefined;
    if (state.status !== 'signed_out' || state.reason !== reason) set({ status: 'signed_out', reason });
  };

  async function refresh(): Promise<AccessToken | null> {
    refreshing ??= provider
      .silent({ forceRefresh })
      .catch(() => null)
      .then((t) => {
        if (t && usable(t)) {
          accept(t);
          return t;
        }
        silentFailedAt = now();
        return null;
      })
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  return {
    kind: provider.kind,
    async getToken() {
      if (usable(current)) return current.token;
      if (current) expire('your sign-in expired');
      if (signedOut) throw new SignInRequiredError('signed out');
      if (!refreshing && silentFailedAt !== undefined && now() - silentFailedAt < cooldown)
        throw new SignInRequiredError(state.status === 'signed_out' ? state.reason : 'not signed in');
      const t = await refresh();
      if (t) return t.token;
      throw new SignInRequiredError(state.status === 'signed_out' ? state.reason : 'not signed in');
    },
    rejected(token) {
      if (current?.token !== token) return;
      silentFailedAt = undefined;
      forceRefresh = true;
      expire('the service refused your sign-in');
    },
    async signIn(request = {}) {
      set({ status: 'signing_in' });
      try {
        accept(await provider.interactive(request));
      } catch (e) {
        current = undefined;
        set({ status: 'signed_out', reason: `sign-in failed: ${(e as Error).message}` });
        throw e;
      }
      return state;
    },
    async signOut() {
      current = undefined;
      signedOut = true;
      await provider.signOut?.();
      set({ status: 'signed_out', reason: 'signed out' });
    },
    state() {
      if (state.status === 'signed_in' && !usable(current)) expire('your sign-in expired');
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
