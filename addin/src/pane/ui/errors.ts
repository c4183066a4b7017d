import { isError } from '../services/errorKinds.ts';

/** One sentence a finance user can act on, naming the field when the service named one. */
export function messageOf(e: unknown): string {
  if (isError(e, 'SignInRequiredError')) return 'Sign in (top of the pane) to use the PACS service.';
  if (isError(e, 'NotCalculatedError')) return 'Manual calculation: press Refresh to calculate.';
  if (isError(e, 'CancelledError')) return 'Cancelled.';
  if (isError(e, 'OperationError') || isError(e, 'ApiError'))
    return e.field ? `${e.field}: ${e.message}` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
