import type { MsalClient } from '../auth/index.ts';
import type { RuntimeConfigInput } from './config.ts';

/** MSAL's nestable public client application for Entra ID builds (nested app authentication: Office signs the
 *  user in; MSAL falls back to a standard client where the host has no NAA broker). Development builds never
 *  load MSAL. */
export function msalClientFactory(config: RuntimeConfigInput): (() => Promise<MsalClient>) | undefined {
  const auth = config.auth;
  if (auth.mode !== 'entra') return undefined;
  return async () => {
    const msal = await import('@azure/msal-browser');
    const pca = await msal.createNestablePublicClientApplication({
      auth: {
        clientId: auth.clientId,
        authority: `https://login.microsoftonline.com/${auth.tenantId}`,
        redirectUri: auth.redirectUri,
      },
      cache: { cacheLocation: 'localStorage' },
    });
    return pca as unknown as MsalClient;
  };
}
