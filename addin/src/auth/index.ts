/** Sign-in: the one token source the custom functions and the task pane share. Locally a development sign-in
 *  offered by `npm start`; in Office, Microsoft Entra ID through MSAL nested app authentication with the Office
 *  dialog as fallback. A missing or expired sign-in fails fast with "Sign in from the PACS pane". */

export { DEV_SIGN_IN_PATH, createDevSignInProvider } from './devSignIn.ts';
export type { DevSignInOptions } from './devSignIn.ts';
export { createEntraProvider } from './entra.ts';
export type {
  DialogMessage,
  EntraSettings,
  MsalAccount,
  MsalClient,
  MsalResult,
  OfficeAuthHost,
} from './entra.ts';
export { SIGN_IN_MESSAGE, SignInRequiredError } from './errors.ts';
export { decodeClaims } from './jwt.ts';
export type { TokenClaims } from './jwt.ts';
export { createTokenSource } from './tokens.ts';
export type {
  AccessToken,
  SignInRequest,
  SignInState,
  TokenProvider,
  TokenSource,
  TokenSourceOptions,
} from './tokens.ts';
