import * as z from 'zod';
import { Id } from './common.ts';
import { Convergence, NeedAdjustment } from './need.ts';
import { Outcomes } from './outcomes.ts';
import { Population } from './population.ts';
import { Distribution, Provider } from './providers.ts';
import { RiskShare } from './riskShare.ts';
import { ServiceLine } from './services.ts';
import { Trajectory } from './trajectory.ts';
import { checkScenarioReferences } from './references.ts';

export const SCHEMA_VERSION = 1;

export const ContractForm = z.enum(['virtual', 'partially_integrated', 'fully_integrated']);
export type ContractForm = z.infer<typeof ContractForm>;

export const Contract = z.object({
  form: ContractForm,
  /** Number of contract years after the base year (year 0). */
  years: z.number().int().min(1).max(15),
  /** Label of the base year whose prices the baseline is in, e.g. "2025/26". */
  baseYear: z.string().regex(/^\d{4}\/\d{2}$/, 'use the NHS financial year form 2025/26'),
});

const ScenarioObject = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  /** All money is GBP; per-person amounts are GBP per person per year (PPPY). */
  currency: z.literal('GBP').default('GBP'),
  contract: Contract,
  population: Population,
  providers: z.array(Provider).min(1),
  serviceLines: z.array(ServiceLine).min(1),
  need: NeedAdjustment,
  convergence: Convergence.optional(),
  trajectory: Trajectory.default({ costUplift: 0, efficiency: 0, nonDemographicGrowth: 0 }),
  outcomes: Outcomes.optional(),
  distribution: Distribution,
  riskShare: RiskShare.default({ preset: 'nhs_symmetric_50_50' }),
  /** Free-form provenance: data sources, assumptions, author. */
  notes: z.array(z.string()).default([]),
  tags: z.array(Id).default([]),
});

/** The scenario document: the contract between Excel, task pane, API, storage and engine. */
export const Scenario = ScenarioObject.superRefine(checkScenarioReferences);
export type Scenario = z.output<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
