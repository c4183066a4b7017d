/** Engine operations: one per Excel function (PACS.*), run in batches against scenario versions calculated once,
 *  and the catalogue of the Excel functions themselves (metadata, documented enumerations). */

export { ENGINE_VERSION, operationContext } from './catalogue.ts';
export type { OperationContext, OperationEnvironment } from './catalogue.ts';
export { applyOverrides } from './overrides.ts';
export { runBatch, runBatchJson } from './runBatch.ts';
export {
  BUDGET_BREAKDOWNS,
  CAPITATION_MEASURES,
  NEED_COMPONENTS,
  PART_MEASURES,
} from './enums.ts';
export type { BudgetBreakdown, CapitationMeasure, EnumValue } from './enums.ts';
export { FUNCTIONS, functionSpec } from './functions.ts';
export type { ExcelType, FunctionParameter, FunctionSpec, Transport } from './functions.ts';
