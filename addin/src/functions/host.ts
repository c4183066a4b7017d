/* The part of Excel's custom-functions runtime the add-in uses (CustomFunctions in office.js), as a port so the
 * functions run the same against Excel and against the faithful fake in the tests. */

/** CustomFunctions.ErrorCode: only #VALUE! and #N/A show a message. */
export interface ErrorCodes {
  invalidValue: string;
  notAvailable: string;
  divisionByZero: string;
  invalidNumber: string;
  nullReference: string;
}

export interface CustomFunctionsHost {
  associate(id: string, fn: (...args: unknown[]) => unknown): void;
  /** CustomFunctions.Error (CustomFunctionsRuntime 1.2); absent on older Excel, where a thrown Error shows
   *  #VALUE! without a message. */
  Error?: new (
    code: string,
    message?: string,
  ) => Error;
  ErrorCode?: ErrorCodes;
}

/** CustomFunctions.Invocation / CancelableInvocation / StreamingInvocation, as Excel passes it last. */
export interface Invocation {
  functionName?: string;
  address?: string;
  /** CustomFunctionsRuntime 1.5: Excel is previewing the formula while the user types it. */
  isInValuePreview?: boolean;
  onCanceled?: () => void;
  setResult?: (value: unknown) => void;
}
