/** The wire: one zod schema per request and response body, shared by the add-in and the Lambda handlers, and the
 *  OpenAPI document generated from them (openApiDocument; OPENAPI_JSON is it generated at build time, what the API
 *  serves). */

export {
  CalcRequest,
  CalcResponse,
  MAX_OPERATIONS,
  MAX_OVERRIDES,
  MAX_RESPONSE_BYTES,
  Operation,
  OperationName,
  OperationResult,
  OperationValue,
  Override,
  Scalar,
} from './calc.ts';
export { ErrorBody } from './errorBody.ts';
export { Health } from './health.ts';
export { openApiDocument } from './openapi.ts';
export { OPENAPI_JSON } from './openapiDocument.ts';
export { ScenarioRef, parseRef } from './scenarioRef.ts';
export type { ParsedRef } from './scenarioRef.ts';
export {
  SaveScenarioRequest,
  ScenarioDiff,
  ScenarioHead,
  ScenarioHistory,
  ScenarioId,
  ScenarioList,
  ScenarioVersion,
  VersionInfo,
} from './scenarios.ts';
export {
  IdempotencyKey,
  MAX_API_TRIALS,
  SIMULATION_ID_PATTERN,
  SimulationId,
  SimulationRequest,
  SimulationStatus,
} from './simulations.ts';
