/** The scenario document: one versioned zod schema for all seven steps of a capitated payment, its validation
 *  (errors by field path), JSON Schema and field-by-field diff. */

export { Id, LIMITS, NonNegativeGbp, PatientCost, UnitRate, bounded, formatBound } from './common.ts';
export { checkYear, yearRule } from './contractYear.ts';
export type { YearRange } from './contractYear.ts';
export type { PerYear } from './common.ts';
export { diffJson, summariseChanges } from './diff.ts';
export { scenarioJsonSchema } from './jsonSchema.ts';
export type { AttainmentRule, Outcomes } from './outcomes.ts';
export type { Segment } from './population.ts';
export type { Distribution, PaymentMechanism, Provider } from './providers.ts';
export { RiskShareSpec } from './riskShare.ts';
export type { Band, RiskShare, RiskShareInput, Threshold } from './riskShare.ts';
export { ContractForm, SCHEMA_VERSION, Scenario } from './scenario.ts';
export type { ScenarioInput } from './scenario.ts';
export { ServiceCategory } from './services.ts';
export type { ServiceLine } from './services.ts';
export type { Deficit } from './trajectory.ts';
export { formatPath, parseScenario, parseWith } from './validate.ts';
