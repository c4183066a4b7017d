import { decodeClaims } from './jwt.ts';
import type { AccessToken, SignInRequest, TokenProvider } from './tokens.ts';

/** The path of the local service's development sign-in (functions/local/devSignIn.ts). Only `npm start` serves
 *  it, only on 127.0.0.1 and only in development mode; a deployed API answers 404. */
export const DEV_SIGN_IN_PATH = '/dev/sign-in';

export interface DevSignInOptions {
  /** The local API, e.g. http://127.0.0.1:3001. */
  serviceUrl: string;
  fetch?: typeof fetch;
  /** Token lifetime asked for (the service caps it). */
  ttlSeconds?: number;
}

/** Development sign-in: the user picks an organisation and a user name and the local service signs a token
 *  with its development issuer, the same verification path as Entra ID tokens. Sessions end when the token
 *  expires, as real ones do: nothing is refreshed silently. */
export function createDevSignInProvider(options: DevSignInOptions): TokenProvider {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    kind: 'development',
    silent: async () => null,
    async interactive(request: SignInRequest): Promise<AccessToken> {
      const send = () =>
        doFetch(`${options.serviceUrl}${DEV_SIGN_IN_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            org: request.org,
            user: request.user,
            ...(request.name ? { name: request.name } : {}),
            ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
          }),
        });
      let response: Response;
      try {
        // Once more on a dropped connection (a kept-alive socket the server had just closed): signing in
        // twice only mints two tokens.
        response = await send().catch(send);
      } catch {
        throw new Error(
          `the local PACS service is not answering at ${options.serviceUrl} (is npm start running?)`,
        );
      }
      const body = (await response.json().catch(() => ({}))) as {
        token?: string;
        error?: { message?: string; field?: string };
      };
      if (!response.ok || typeof body.token !== 'string') {
        if (response.status === 404) throw new Error('this service offers no development sign-in');
        const e = body.error;
        throw new Error(
          e?.message ? `${e.field ? `${e.field}: ` : ''}${e.message}` : `HTTP ${response.status}`,
        );
      }
      const claims = decodeClaims(body.token);
      return { token: body.token, ...claims };
    },
  };
}
