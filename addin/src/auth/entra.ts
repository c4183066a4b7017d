import { decodeClaims } from './jwt.ts';
import type { AccessToken, TokenProvider } from './tokens.ts';

/** The app registrations a deployment uses (infra/ writes them into the add-in's build). */
export interface EntraSettings {
  /** The add-in's single-page-application registration (client id). */
  clientId: string;
  /** Directory (tenant) id, or `organizations`. */
  tenantId: string;
  /** The API's delegated scope, e.g. api://<api client id>/access_as_user. */
  apiScope: string;
  /** The page running MSAL (the task pane page): a SPA redirect URI of the registration. */
  redirectUri: string;
  /** The fallback sign-in page opened in an Office dialog (auth-dialog.html). */
  dialogUrl: string;
}

/** The part of MSAL's public client application this provider uses (MSAL.js IPublicClientApplication). */
export interface MsalClient {
  acquireTokenSilent(request: {
    scopes: string[];
    account?: MsalAccount | undefined;
    forceRefresh?: boolean;
  }): Promise<MsalResult>;
  ssoSilent(request: { scopes: string[]; loginHint?: string }): Promise<MsalResult>;
  acquireTokenPopup(request: { scopes: string[]; loginHint?: string }): Promise<MsalResult>;
  getActiveAccount(): MsalAccount | null;
  getAllAccounts(): MsalAccount[];
  setActiveAccount(account: MsalAccount | null): void;
  clearCache?(): Promise<void>;
}
export interface MsalAccount {
  username: string;
  name?: string | undefined;
}
export interface MsalResult {
  accessToken: string;
  expiresOn: Date | null;
  account: MsalAccount | null;
}

/** What the provider needs from Office (injected so it can be tested without Office). */
export interface OfficeAuthHost {
  /** Office.context.requirements.isSetSupported('NestedAppAuth', '1.1'). */
  nestedAppAuthSupported(): boolean;
  /** The signed-in Office user (Office.auth.getAuthContext), a login hint for silent sign-in on the web. */
  loginHint(): Promise<string | undefined>;
  /** Opens `url` in an Office dialog; resolves with the first message the page sends (messageParent), rejects
   *  when the user closes it. */
  openDialog(url: string): Promise<string>;
}

/** What the dialog page sends back (addin/src/auth/dialogPage.ts). */
export interface DialogMessage {
  accessToken?: string;
  /** Epoch milliseconds. */
  expiresOn?: number;
  error?: string;
}

/** MSAL errors meaning the popup could not open: use the Office dialog instead. */
const POPUP_BLOCKED = new Set(['popup_window_error', 'empty_window_error', 'block_nested_popups']);

/** Microsoft Entra ID through MSAL's nested app authentication (the host signs the user in; silent refresh
 *  through the host's broker), with the Office dialog as the fallback where NAA is unavailable or a popup cannot
 *  open. One MSAL instance per runtime, created on first use. */
export function createEntraProvider(
  settings: EntraSettings,
  deps: { createClient: () => Promise<MsalClient>; office: OfficeAuthHost },
): TokenProvider {
  const scopes = [settings.apiScope];
  let client: Promise<MsalClient> | undefined;
  // A token obtained through the dialog lives only here: MSAL in the dialog page has its own cache.
  let dialogToken: AccessToken | undefined;
  const msal = () => {
    client ??= deps.createClient().catch((e) => {
      client = undefined;
      throw e;
    });
    return client;
  };

  async function viaDialog(): Promise<AccessToken> {
    const message = JSON.parse(await deps.office.openDialog(settings.dialogUrl)) as DialogMessage;
    if (!message.accessToken) throw new Error(message.error ?? 'the sign-in dialog returned no token');
    dialogToken = toToken(message.accessToken, message.expiresOn);
    return dialogToken;
  }

  return {
    kind: 'entra',
    async silent({ forceRefresh }) {
      if (dialogToken) return forceRefresh ? null : dialogToken;
      try {
        const pca = await msal();
        const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
        if (!account) {
          // Excel on the web: no cached account yet, but Office knows who is signed in.
          const loginHint = await deps.office.loginHint();
          if (!loginHint) return null;
          return fromResult(pca, await pca.ssoSilent({ scopes, loginHint }));
        }
        return fromResult(pca, await pca.acquireTokenSilent({ scopes, account, forceRefresh }));
      } catch {
        // InteractionRequiredAuthError and any other failure: the user has to sign in from the pane.
        return null;
      }
    },
    async interactive() {
      if (!deps.office.nestedAppAuthSupported()) return viaDialog();
      const pca = await msal();
      try {
        const loginHint = await deps.office.loginHint();
        return fromResult(pca, await pca.acquireTokenPopup({ scopes, ...(loginHint ? { loginHint } : {}) }));
      } catch (e) {
        if (POPUP_BLOCKED.has((e as { errorCode?: string }).errorCode ?? '')) return viaDialog();
        throw e;
      }
    },
    async signOut() {
      dialogToken = undefined;
      if (!client) return;
      const pca = await client;
      pca.setActiveAccount(null);
      await pca.clearCache?.();
    },
  };
}

function fromResult(pca: MsalClient, result: MsalResult): AccessToken {
  if (result.account) pca.setActiveAccount(result.account);
  return toToken(result.accessToken, result.expiresOn?.getTime());
}

function toToken(token: string, expiresOn: number | undefined): AccessToken {
  const claims = decodeClaims(token);
  return { token, ...claims, expiresAt: expiresOn ?? claims.expiresAt };
}
