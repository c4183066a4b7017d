import * as z from 'zod';
import { plainText, strictObject } from '../base/index.ts';
import { Id, LIMITS } from './common.ts';
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

export const Contract = strictObject({
  form: ContractForm,
  /** Number of contract years after the base year (year 0). */
  years: z.number().int().min(1).max(15),
  /** Label of the base year whose prices the baseline is in, e.g. "2025/26". */
  baseYear: z.string().regex(/^\d{4}\/\d{2}$/, 'use the NHS financial year form 2025/26'),
});

/** Descriptions travel into the published JSON Schema, so editors show them while a finance team fills it in. */
const ScenarioObject = strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION).describe('Version of this document format; 1.'),
  name: plainText({ max: 200 }).describe('Name shown in Excel and in scenario lists.'),
  description: plainText({ max: 5000, multiline: true, allowEmpty: true }).optional(),
  currency: z
    .literal('GBP')
    .default('GBP')
    .describe('All money is GBP; per-person amounts are GBP per person per year (PPPY).'),
  contract: Contract.describe(
    'Step 4: contract form (virtual, partially or fully integrated), years, base year.',
  ),
  population: Population.describe(
    'Step 1: registered population as person-years by practice and segment, neighbourhoods, growth, unregistered residents, exclusions.',
  ),
  providers: z
    .array(Provider)
    .min(1)
    .max(LIMITS.providers)
    .describe(
      'Step 6: member organisations and how each is paid (capitated, block share, fixed + variable).',
    ),
  serviceLines: z
    .array(ServiceLine)
    .min(1)
    .max(LIMITS.serviceLines)
    .describe(
      'Step 2: service lines with category, providers, baseline GBP per person per year by segment, scope overrides and carve-outs.',
    ),
  need: NeedAdjustment.describe('Need / risk adjustment: weighted capitation or person risk scores.'),
  convergence: Convergence.optional().describe(
    'Pace of change from the historical budget to the need-based target.',
  ),
  trajectory: Trajectory.default({ costUplift: 0, efficiency: 0, nonDemographicGrowth: 0 }).describe(
    'Step 5: cost uplift, efficiency, non-demographic growth, existing deficit and its recovery.',
  ),
  outcomes: Outcomes.optional().describe('Step 3: outcomes-linked withhold, measures, attainment rule.'),
  distribution: Distribution.describe('How a system gain or loss is divided among members.'),
  riskShare: RiskShare.default({ preset: 'nhs_symmetric_50_50' }).describe(
    'Step 7: gain/loss sharing, a preset (see `pacs presets`) or a full corridor specification, with stop-loss.',
  ),
  notes: z
    .array(plainText({ max: 2000, multiline: true, allowEmpty: true }))
    .max(200)
    .default([])
    .describe('Provenance: data sources, assumptions, author.'),
  tags: z.array(Id).max(100).default([]),
});

/** The scenario document: the contract between Excel, task pane, API, storage and engine. */
export const Scenario = ScenarioObject.superRefine(checkScenarioReferences);
export type Scenario = z.output<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
