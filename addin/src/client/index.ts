/** The typed HTTP client of the PACS API (/v1/calc, /v1/scenarios, /v1/simulations), on the shared zod wire
 *  schemas, for the engine gateway and the task pane. */

export { ApiError, CancelledError, NetworkError } from './errors.ts';
export { DEFAULT_TIMEOUT_MS } from './http.ts';
export type { HttpSettings } from './http.ts';
export { createPacsClient } from './pacsClient.ts';
export type {
  CalcRequestBody,
  PacsClient,
  ScenarioDiffBody,
  ScenarioHistoryPage,
  ScenarioListPage,
  Signal,
  SimulationRequestBody,
} from './pacsClient.ts';
export { DEFAULT_RETRY, backoffMs, isRetryable } from './retry.ts';
export type { RetryPolicy } from './retry.ts';
