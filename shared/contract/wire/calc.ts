import * as z from 'zod';
import { plainText, strictObject } from '../../core/base/index.ts';
import { ErrorBody } from './errorBody.ts';

/** Engine operations: one per Excel function (PACS.<fn>). Ids are a public API once shipped. */
export const OperationName = z.enum([
  'CAPITATION',
  'PPPY',
  'BUDGET',
  'SCOPE',
  'WITHHOLD',
  'SETTLE',
  'PROVIDERPAY',
  'TRAJECTORY',
  'NEEDINDEX',
  'EXPLAIN',
  'MEASURES',
  'VERSION',
]);
export type OperationName = z.infer<typeof OperationName>;

/** A scalar as Excel sees it. */
export const Scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);
/** A cell value or a spill range (rows of cells). */
export const OperationValue = z.union([Scalar, z.array(z.array(Scalar))]);
export type OperationValue = z.infer<typeof OperationValue>;

/** One what-if change applied to the scenario before an operation runs: a field path such as
 *  `trajectory.efficiency` or `serviceLines[acute_elective].carveOut` and its value (a JSON text for an object or
 *  list). The changed scenario is validated by the scenario schema like any saved one. */
export const Override = strictObject({
  path: z.string().min(1, 'is empty').max(300),
  value: Scalar,
});
export type Override = z.infer<typeof Override>;

export const MAX_OVERRIDES = 100;

export const Operation = strictObject({
  /** Caller's correlation id, echoed in the result (unique within the request). */
  id: plainText({ max: 100 }),
  fn: OperationName,
  /** Positional arguments as the Excel function received them: cells, or ranges (rows of cells); the first is
   *  usually a scenario reference `s_...@version` (or `s_...` for the latest version). */
  args: z.array(OperationValue).max(20).default([]),
  /** What-if changes to the scenario, in order (PACS.* functions' last argument). */
  overrides: z.array(Override).max(MAX_OVERRIDES).optional(),
});
export type Operation = z.infer<typeof Operation>;

export const MAX_OPERATIONS = 500;
/** Responses stay under the Lambda/HTTP API limit with room for headers. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

export const CalcRequest = strictObject({ ops: z.array(Operation).min(1).max(MAX_OPERATIONS) });
export type CalcRequest = z.infer<typeof CalcRequest>;

export const OperationResult = z.union([
  z.object({ id: z.string(), ok: z.literal(true), value: OperationValue }),
  z.object({ id: z.string(), ok: z.literal(false), error: ErrorBody.shape.error }),
]);
export type OperationResult = z.infer<typeof OperationResult>;

export const CalcResponse = z.object({ results: z.array(OperationResult) });
export type CalcResponse = z.infer<typeof CalcResponse>;
