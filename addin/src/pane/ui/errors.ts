import { SignInRequiredError } from '../../auth/index.ts';
import { ApiError, CancelledError } from '../../client/index.ts';
import { NotCalculatedError, OperationError } from '../../gateway/index.ts';

/** One sentence a finance user can act on, naming the field when the service named one. */
export function messageOf(e: unknown): string {
  if (e instanceof SignInRequiredError) return 'Sign in (top of the pane) to use the PACS service.';
  if (e instanceof NotCalculatedError) return 'Manual calculation: press Refresh to calculate.';
  if (e instanceof CancelledError) return 'Cancelled.';
  if (e instanceof OperationError || e instanceof ApiError)
    return e.field ? `${e.field}: ${e.message}` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
