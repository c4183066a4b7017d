/** What a cell shows when no usable sign-in exists (missing, expired or refused): the fix is in the pane. */
export const SIGN_IN_MESSAGE = 'Sign in from the PACS pane';

/** No token can be had without the user: never retried, never waited on. */
export class SignInRequiredError extends Error {
  readonly code = 'sign_in_required';
  constructor(readonly reason = 'not signed in') {
    super(SIGN_IN_MESSAGE);
    this.name = 'SignInRequiredError';
  }
}
