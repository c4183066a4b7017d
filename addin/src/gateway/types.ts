import type { OperationName, OperationValue, Override } from '../../../shared/contract/wire/index.ts';

/** One engine operation as a cell asks for it. */
export interface OperationCall {
  fn: OperationName;
  args: OperationValue[];
  overrides?: Override[] | undefined;
}

/** A call in progress: its promise always settles (a value, or a typed error); cancel() withdraws this caller
 *  only, and the request goes only when no caller is left. */
export interface Pending<T> {
  promise: Promise<T>;
  cancel(reason?: string): void;
}

export type CalculationMode = 'automatic' | 'manual';

/** What the pane shows about remote calculation. */
export interface GatewayStatus {
  mode: CalculationMode;
  refreshing: boolean;
  /** Calls not yet settled (cells waiting). */
  pendingCalls: number;
  /** Operations waiting to be sent. */
  queuedOperations: number;
  requestsInFlight: number;
  /** Since the runtime started. */
  requestsSent: number;
  operationsSent: number;
  cacheEntries: number;
  lastError: { message: string; at: number } | undefined;
  lastRefreshAt: number | undefined;
}
