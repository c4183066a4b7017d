import type { FunctionSpec } from '../../../shared/contract/operations/index.ts';
import { SIGN_IN_MESSAGE, SignInRequiredError } from '../auth/index.ts';
import { CancelledError } from '../client/index.ts';
import { NotCalculatedError, OperationError, ServiceUnavailableError } from '../gateway/index.ts';
import { ArgumentError, NotConfiguredError, PreviewError } from './argumentError.ts';
import type { CustomFunctionsHost } from './host.ts';

/** Excel shows messages only with #VALUE! and #N/A, in a small flag: keep them short. */
const MAX_MESSAGE = 250;

type Kind = 'value' | 'na';

/** The one table from what went wrong to what the cell shows (excel-addin-platform.md §3.2): a bad argument is
 *  #VALUE! naming the argument; anything the user fixes elsewhere (sign in, Refresh, a missing scenario) is #N/A
 *  with what to do. */
export function describeForExcel(e: unknown, spec: FunctionSpec): { kind: Kind; message: string } {
  if (e instanceof ArgumentError) return { kind: 'value', message: e.message };
  if (e instanceof SignInRequiredError) return { kind: 'na', message: SIGN_IN_MESSAGE };
  if (
    e instanceof NotCalculatedError ||
    e instanceof ServiceUnavailableError ||
    e instanceof PreviewError ||
    e instanceof NotConfiguredError
  )
    return { kind: 'na', message: e.message };
  if (e instanceof CancelledError) return { kind: 'na', message: `Cancelled: ${e.message}` };
  if (e instanceof OperationError) {
    const message = nameArguments(e.message, spec);
    switch (e.code) {
      case 'validation_error':
      case 'domain_error':
      case 'payload_too_large':
        return { kind: 'value', message };
      case 'not_found':
        return { kind: 'na', message: `${message} (or you have no access)` };
      case 'unauthorized':
        return { kind: 'na', message: SIGN_IN_MESSAGE };
      default:
        return { kind: 'na', message };
    }
  }
  return { kind: 'value', message: `PACS add-in error: ${(e as Error)?.message ?? String(e)}` };
}

/** The error value for the cell: CustomFunctions.Error when the runtime has it (1.2+), else a plain Error
 *  (Excel shows #VALUE! without the message). */
export function toExcelError(host: CustomFunctionsHost, e: unknown, spec: FunctionSpec): Error {
  const { kind, message } = describeForExcel(e, spec);
  const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
  if (!host.Error || !host.ErrorCode) return new Error(text);
  return new host.Error(kind === 'value' ? host.ErrorCode.invalidValue : host.ErrorCode.notAvailable, text);
}

/** The service names positional arguments `args[1]`; the cell names them as Excel shows them (`year`). */
function nameArguments(message: string, spec: FunctionSpec): string {
  const positional = spec.parameters.filter((p) => p.role !== 'overrides');
  return message.replace(/\bargs\[(\d+)\]/g, (whole, i: string) => positional[Number(i)]?.name ?? whole);
}
