// Entry of auth-dialog.js (Entra ID builds only): the page Office opens in a dialog where nested app
// authentication is unavailable or a popup cannot open. It signs the user in with a standard MSAL client
// (redirect flow inside the dialog) and sends the API token to the runtime with messageParent.
import { createStandardPublicClientApplication } from '@azure/msal-browser';
import type { DialogMessage } from '../auth/index.ts';
import { type RuntimeConfigInput, loadDeployedConfig } from './config.ts';

declare const __PACS_CONFIG__: RuntimeConfigInput | undefined;

interface DialogOffice {
  onReady(): Promise<unknown>;
  context: { ui: { messageParent(message: string): void } };
}

async function signIn(): Promise<void> {
  const page = globalThis as { Office?: DialogOffice; location?: { origin: string } };
  const office = page.Office;
  if (!office) return;
  await office.onReady();
  const send = (m: DialogMessage) => office.context.ui.messageParent(JSON.stringify(m));
  try {
    const config =
      typeof __PACS_CONFIG__ !== 'undefined'
        ? __PACS_CONFIG__
        : await loadDeployedConfig(page.location?.origin ?? '');
    const auth = config.auth;
    if (auth.mode !== 'entra') return send({ error: 'this build signs in through the development sign-in' });
    const pca = await createStandardPublicClientApplication({
      auth: {
        clientId: auth.clientId,
        authority: `https://login.microsoftonline.com/${auth.tenantId}`,
        redirectUri: auth.dialogUrl,
      },
      cache: { cacheLocation: 'localStorage' },
    });
    const scopes = [auth.apiScope];
    const back = await pca.handleRedirectPromise();
    const account = back?.account ?? pca.getActiveAccount() ?? pca.getAllAccounts()[0];
    if (back) {
      pca.setActiveAccount(back.account);
      return send({ accessToken: back.accessToken, expiresOn: back.expiresOn?.getTime() });
    }
    if (account) {
      const silent = await pca.acquireTokenSilent({ scopes, account }).catch(() => null);
      if (silent) return send({ accessToken: silent.accessToken, expiresOn: silent.expiresOn?.getTime() });
    }
    await pca.acquireTokenRedirect({ scopes });
  } catch (e) {
    send({ error: (e as { errorCode?: string }).errorCode ?? (e as Error).message });
  }
}

void signIn();
