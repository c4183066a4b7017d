/** The wire: one zod schema per request and response body, shared by the add-in and the Lambda handlers, and the
 *  OpenAPI document generated from them. */

export { CalcRequest, MAX_RESPONSE_BYTES } from './calc.ts';
export type { CalcResponse, OperationName, OperationResult, OperationValue } from './calc.ts';
export type { ErrorBody } from './errorBody.ts';
export { openApiDocument } from './openapi.ts';
export { ScenarioRef, parseRef } from './scenarioRef.ts';
export type { ParsedRef } from './scenarioRef.ts';
export { SaveScenarioRequest, ScenarioId } from './scenarios.ts';
export type { ScenarioHead, ScenarioVersion, VersionInfo } from './scenarios.ts';
export { IdempotencyKey, SimulationRequest } from './simulations.ts';
export type { SimulationStatus } from './simulations.ts';
