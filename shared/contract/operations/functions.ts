import { BUDGET_BREAKDOWNS, CAPITATION_MEASURES, type EnumValue, NEED_COMPONENTS } from './enums.ts';

/* The PACS.* function catalogue: what Excel shows and sends for every function, in one list. functions.json is
 * generated from it, the add-in validates arguments with it, and a test checks it against the operations of
 * POST /v1/calc, so Excel and the API cannot drift. Ids and parameter order are a public API: never remove or
 * reorder; only append optional parameters (test/unit/addin/metadataSnapshot.test.ts holds the committed list). */

export type ExcelType = 'number' | 'string' | 'boolean' | 'any';

export interface FunctionParameter {
  /** Shown in Excel's formula tooltip: lower case, underscores. */
  name: string;
  description: string;
  type: ExcelType;
  /** `matrix` for a range argument (overrides, practice rows). */
  dimensionality: 'scalar' | 'matrix';
  optional: boolean;
  /** Documented values; a value outside them is refused with the list. */
  enum?: readonly EnumValue[];
  /** `scenario`: a scenario reference or handle; `overrides`: the what-if range, sent as the operation's
   *  overrides rather than as a positional argument. Anything else is a positional argument as given. */
  role?: 'scenario' | 'overrides';
}

/** Which service answers a function: the batched engine operations (POST /v1/calc), the scenario library or a
 *  simulation job. */
export type Transport = 'calc' | 'scenario' | 'scenarios' | 'simulation';

export interface FunctionSpec {
  /** Excel id and name (without the namespace, PACS or PACSDEV). */
  id: string;
  description: string;
  transport: Transport;
  parameters: readonly FunctionParameter[];
  result: {
    type: ExcelType;
    dimensionality: 'scalar' | 'matrix';
    /** What the value or spill holds, for the function's help. */
    shape: string;
  };
  /** Streams progress then the result (Excel: options.stream). */
  stream?: boolean;
}

const scenario: FunctionParameter = {
  name: 'scenario',
  description:
    'Scenario reference: s_... for the latest version, s_...@7 for version 7 (reproducible), or a PACS.SCENARIO cell',
  type: 'string',
  dimensionality: 'scalar',
  optional: false,
  role: 'scenario',
};

const year: FunctionParameter = {
  name: 'year',
  description: 'Contract year: 1 for the first year, 0 for the base year',
  type: 'number',
  dimensionality: 'scalar',
  optional: false,
};

const overrides: FunctionParameter = {
  name: 'overrides',
  description:
    'Optional what-if range of two columns: a scenario field path (e.g. trajectory.efficiency) and its value',
  type: 'any',
  dimensionality: 'matrix',
  optional: true,
  role: 'overrides',
};

const text = (name: string, description: string, optional = true): FunctionParameter => ({
  name,
  description,
  type: 'string',
  dimensionality: 'scalar',
  optional,
});

const spill = (shape: string) => ({ type: 'any', dimensionality: 'matrix', shape }) as const;

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    id: 'CAPITATION',
    description:
      'Capitated contract value for a contract year (GBP), or another measure, optionally for one segment, neighbourhood or service line.',
    transport: 'calc',
    parameters: [
      scenario,
      year,
      {
        ...text('measure', 'What to return (default contract_value)'),
        enum: CAPITATION_MEASURES,
      },
      text('part', 'Optional segment, neighbourhood or service line id, e.g. 65-74_F_q1 or acute_elective'),
      overrides,
    ],
    result: { type: 'number', dimensionality: 'scalar', shape: 'one number (GBP unless the measure says)' },
  },
  {
    id: 'PPPY',
    description: 'Capitation per person per year (GBP) for a contract year, overall or for one segment.',
    transport: 'calc',
    parameters: [
      scenario,
      year,
      text('segment', 'Optional population segment id, e.g. 65-74_F_q1'),
      overrides,
    ],
    result: { type: 'number', dimensionality: 'scalar', shape: 'GBP per person per year' },
  },
  {
    id: 'BUDGET',
    description:
      "The year's capitated budget broken down by service line, neighbourhood, segment or provider.",
    transport: 'calc',
    parameters: [
      scenario,
      year,
      { ...text('by', 'Breakdown (default line)'), enum: BUDGET_BREAKDOWNS },
      overrides,
    ],
    result: spill('a header row, then one row per line, neighbourhood, segment or provider (GBP)'),
  },
  {
    id: 'SCOPE',
    description:
      'Which service lines each contract form puts in the single budget (virtual, partially or fully integrated).',
    transport: 'calc',
    parameters: [scenario, overrides],
    result: spill('a header row, then one row per service line: id, category, in scope under each form'),
  },
  {
    id: 'WITHHOLD',
    description:
      'The outcomes-linked withhold for a contract year: rate, amount withheld, fixed payment, expected earned.',
    transport: 'calc',
    parameters: [scenario, year, overrides],
    result: spill('label / value rows (GBP and rates)'),
  },
  {
    id: 'SETTLE',
    description:
      'Year-end settlement for an actual in-scope spend: gross result, corridor bands, stop-loss, and each party share.',
    transport: 'calc',
    parameters: [
      scenario,
      year,
      {
        name: 'actual_spend',
        description: 'Actual in-scope spend for the year, GBP',
        type: 'number',
        dimensionality: 'scalar',
        optional: false,
      },
      overrides,
    ],
    result: spill('figure / GBP rows: benchmark, spend, result, shares of each party and member'),
  },
  {
    id: 'PROVIDERPAY',
    description:
      'Provider-to-provider payments for a contract year: mechanism, planned payment and sub-contract value.',
    transport: 'calc',
    parameters: [scenario, year, overrides],
    result: spill('a header row, then one row per member provider (GBP)'),
  },
  {
    id: 'TRAJECTORY',
    description:
      'Every contract year side by side: population, spend, contract value, PPPY and savings required.',
    transport: 'calc',
    parameters: [scenario, overrides],
    result: spill('a header row, then one row per year from the base year'),
  },
  {
    id: 'NEEDINDEX',
    description:
      "Relative need index and share of need of each place in an ICB, from practice rows in the workbook or from NHS England's 2024/25 practice weighted populations (OGL v3).",
    transport: 'calc',
    parameters: [
      text('icb', 'ICB code or name, e.g. QOP or NHS Greater Manchester ICB', false),
      text('by', 'Column that groups practices into places, e.g. LTLA21 or LAD21', false),
      { ...text('component', 'Weighted-population component (default Final WP)'), enum: NEED_COMPONENTS },
      {
        name: 'practices',
        description:
          "Optional practice rows with a header row (ICS22, pop 2022/23, the component and the grouping column); omitted: NHS England's published file",
        type: 'any',
        dimensionality: 'matrix',
        optional: true,
      },
    ],
    result: spill(
      'a header row, then one row per place: practices, population, weighted population, index, share',
    ),
  },
  {
    id: 'SIMULATE',
    description:
      'Monte Carlo risk of a contract year through the real settlement: shows queued, then progress, then the risk table. Deleting the cell cancels the run.',
    transport: 'simulation',
    stream: true,
    parameters: [
      scenario,
      year,
      {
        name: 'trials',
        description: 'Number of trials (default 10,000)',
        type: 'number',
        dimensionality: 'scalar',
        optional: true,
      },
      {
        name: 'seed',
        description: 'Random seed (default 1); the same seed gives the same result',
        type: 'number',
        dimensionality: 'scalar',
        optional: true,
      },
      overrides,
    ],
    result: spill(
      'a status cell while running; then one row per party: mean, percentiles, P(loss), VaR, TVaR (GBP)',
    ),
  },
  {
    id: 'SCENARIO',
    description:
      'A scenario handle with provenance: reference, name, version, author, saved at, and whether a newer version exists.',
    transport: 'scenario',
    parameters: [
      {
        ...scenario,
        description: 'Scenario reference (s_... for the latest, s_...@7 pinned) or its exact name',
      },
    ],
    result: spill(
      'one row: pinned reference (use it in other PACS functions), name, version, author, saved at, status',
    ),
  },
  {
    id: 'SCENARIOS',
    description: "Your organisation's saved scenarios, newest first.",
    transport: 'scenarios',
    parameters: [
      {
        name: 'include_archived',
        description: 'TRUE to list archived scenarios too (default FALSE)',
        type: 'boolean',
        dimensionality: 'scalar',
        optional: true,
      },
    ],
    result: spill(
      'a header row, then one row per scenario: reference, name, latest version, updated by, updated at',
    ),
  },
  {
    id: 'EXPLAIN',
    description:
      'The derivation of a figure: rule, formula, inputs and value, step by step (all steps of the year when no figure is named).',
    transport: 'calc',
    parameters: [
      scenario,
      year,
      text('figure', 'Optional figure name, e.g. contractValue, or budget.<line>.<neighbourhood>.<segment>'),
      overrides,
    ],
    result: spill('a header row, then one row per step: figure, rule, formula, value, unit, inputs'),
  },
  {
    id: 'MEASURES',
    description: "The scenario's outcome measures: id, name, weight and expected attainment.",
    transport: 'calc',
    parameters: [scenario],
    result: spill('a header row, then one row per outcome measure'),
  },
  {
    id: 'VERSION',
    description: 'The PACS Capitation engine and scenario schema versions the service runs.',
    transport: 'calc',
    parameters: [],
    result: { type: 'string', dimensionality: 'scalar', shape: 'a line of text' },
  },
];

/** A function of the catalogue by id. */
export function functionSpec(id: string): FunctionSpec | undefined {
  return FUNCTIONS.find((f) => f.id === id);
}
