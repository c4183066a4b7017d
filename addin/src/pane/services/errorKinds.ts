import type { SignInRequiredError } from '../../auth/index.ts';
import type { ApiError, CancelledError, NetworkError } from '../../client/index.ts';
import type { NotCalculatedError, OperationError, ServiceUnavailableError } from '../../gateway/index.ts';

interface Kinds {
  SignInRequiredError: SignInRequiredError;
  ApiError: ApiError;
  NetworkError: NetworkError;
  CancelledError: CancelledError;
  OperationError: OperationError;
  NotCalculatedError: NotCalculatedError;
  ServiceUnavailableError: ServiceUnavailableError;
}

/** The shared runtime (functions.js) and the pane (pane.js) are separate bundles, each with its own copy of the
 *  client's and gateway's error classes, so an error from the runtime's gateway is no instance of the pane's
 *  class. Errors are told apart by the name both copies set. */
export function isError<K extends keyof Kinds>(e: unknown, name: K): e is Kinds[K] {
  return e instanceof Error && e.name === name;
}
