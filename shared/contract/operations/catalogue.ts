import * as z from 'zod';
import type { OperationName, OperationValue } from '../wire/index.ts';
import { DomainError } from '../../core/base/index.ts';
import {
  type Calculation,
  type CalculationResult,
  type YearResult,
  calculateWithFactors,
  scopeFor,
} from '../../core/engine/index.ts';
import { explainBudgetCell } from '../../core/explain/index.ts';
import {
  ContractForm,
  SCHEMA_VERSION,
  type Scenario,
  checkYear,
  parseWith,
} from '../../core/scenario/index.ts';
import { Actual, prepareSettlement, settleWith } from '../../core/settlement/index.ts';
import { type PracticeRow, placeNeedIndex } from '../../core/needIndex/index.ts';
import { capitationFigure } from './capitation.ts';
import { BUDGET_BREAKDOWN_VALUES, CAPITATION_MEASURE_VALUES, NEED_COMPONENTS } from './enums.ts';
import { practiceRowsFromRange } from './practiceRange.ts';

export const ENGINE_VERSION = '0.1.0';

/** What an operation may use: the scenario and its calculation, made at most once per scenario version (the
 *  context is cached with the version, and versions are immutable). */
export interface OperationContext {
  scenario: Scenario;
  /** The calculation's result (calculate()). */
  calculation(): CalculationResult;
  /** The same calculation with its factors, for explanations of single figures. */
  calculated(): Calculation;
}

/** What the service supplies beside scenarios: data loaded by an adapter and passed in (the core stays pure). */
export interface OperationEnvironment {
  /** NHS England's published practice weighted populations (PACS.NEEDINDEX without practice rows). */
  publishedPractices?: () => Promise<readonly PracticeRow[]>;
}

interface OperationSpec<A extends z.ZodType> {
  /** Whether the first argument is a scenario reference. */
  scenario: boolean;
  /** Arguments after the scenario reference. */
  args: A;
  run(
    ctx: OperationContext | null,
    args: z.output<A>,
    env: OperationEnvironment,
  ): OperationValue | Promise<OperationValue>;
}

const define = <A extends z.ZodType>(spec: OperationSpec<A>) => spec;

const Year = z.number({ error: 'expected a year number' }).int('expected a whole year number').min(0);
const Blank = z.union([z.null(), z.literal('')]).transform(() => undefined);
const optional = <T extends z.ZodType>(schema: T) => z.union([Blank, schema]).optional();
/** A documented enumeration; a wrong value answers with the list of valid ones. */
const optionalEnum = <V extends string>(values: readonly [V, ...V[]]) =>
  z
    .preprocess(
      (v) => (v === null || v === '' ? undefined : v),
      z.enum(values, { error: (i) => `"${String(i.input)}" is not one of ${values.join(', ')}` }).optional(),
    )
    .optional();
const Text = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, `expected ${what}`);
/** A range from the workbook: rows of cells. */
const Range = z.array(z.array(z.union([z.number(), z.string(), z.boolean(), z.null()])));

function yearOf(ctx: OperationContext, year: number): YearResult {
  return ctx.calculation().years[checkYear(ctx.scenario, year, 'base_and_contract')]!;
}

/** Each Excel function maps to one entry; results are plain cells or spill ranges with a header row. */
export const OPERATIONS = {
  CAPITATION: define({
    scenario: true,
    args: z.tuple([Year, optionalEnum(CAPITATION_MEASURE_VALUES), optional(z.string())]),
    run: (ctx, [year, measure, part]) =>
      capitationFigure(yearOf(ctx!, year), measure ?? 'contract_value', part),
  }),
  PPPY: define({
    scenario: true,
    args: z.tuple([Year, optional(z.string())]),
    run: (ctx, [year, segment]) => {
      const y = yearOf(ctx!, year);
      if (segment === undefined) return y.pppy;
      const s = y.segments.find((x) => x.segment === segment);
      if (!s) throw new DomainError('segment', `unknown segment "${segment}"`);
      return s.pppy;
    },
  }),
  BUDGET: define({
    scenario: true,
    args: z.tuple([Year, optionalEnum(BUDGET_BREAKDOWN_VALUES)]),
    run: (ctx, [year, by]) => {
      const y = yearOf(ctx!, year);
      switch (by ?? 'line') {
        case 'line':
          return [['line', 'in scope', 'GBP'], ...y.lines.map((l) => [l.line, l.inScope, l.amount])];
        case 'neighbourhood':
          return [
            ['neighbourhood', 'person-years', 'GBP', 'GBP per person per year', 'distance from need target'],
            ...y.neighbourhoods.map((n) => [
              n.neighbourhood,
              n.personYears,
              n.inScopeBudget,
              n.pppy,
              n.distanceFromTarget,
            ]),
          ];
        case 'segment':
          return [
            ['segment', 'person-years', 'GBP', 'GBP per person per year'],
            ...y.segments.map((s) => [s.segment, s.personYears, s.inScopeBudget, s.pppy]),
          ];
        default:
          return [['provider', 'GBP'], ...y.providers.map((p) => [p.provider, p.plannedPayment])];
      }
    },
  }),
  SCOPE: define({
    scenario: true,
    args: z.tuple([]),
    run: (ctx) => {
      const lines = ctx!.scenario.serviceLines;
      const forms = ContractForm.options.map((f) => scopeFor(lines, f));
      return [
        ['line', 'category', 'virtual', 'partially integrated', 'fully integrated'],
        ...lines.map((l, i) => [
          l.id,
          l.category,
          forms[0]![i]!.inScope,
          forms[1]![i]!.inScope,
          forms[2]![i]!.inScope,
        ]),
      ];
    },
  }),
  WITHHOLD: define({
    scenario: true,
    args: z.tuple([Year]),
    run: (ctx, [year]) => {
      const w = yearOf(ctx!, year).withhold;
      if (!w) return [['withhold rate', 0]];
      return [
        ['withhold rate', w.rate],
        ['withheld GBP', w.amount],
        ['fixed payment GBP', w.fixedPayment],
        ['expected earned GBP', w.expectedEarned],
      ];
    },
  }),
  SETTLE: define({
    scenario: true,
    args: z.tuple([Year, z.number({ error: 'expected actual spend in GBP' }).finite().min(0)]),
    run: (ctx, [year, spend]) => {
      const settlement = prepareSettlement(ctx!.scenario, year, ctx!.calculation());
      const s = settleWith(settlement, parseWith(Actual, { spend }, 'actual'));
      return [
        ['figure', 'GBP'],
        ['benchmark', s.benchmark],
        ['actual spend', s.spend],
        ['gross result', s.grossResult],
        ['stop-loss recoveries', s.stopLoss.total],
        ['providers share', s.providerShare],
        ['commissioner share', s.commissionerShare],
        ['reinvestment', s.reinvestment],
        ...s.members.map((m) => [`member ${m.provider}`, m.share]),
        // The corridor: how much of the result fell in each band and what the providers keep or bear of it.
        ...s.corridor.bands.map((b) => [
          `band ${percent(b.from)} to ${b.to === null ? 'above' : percent(b.to)}, providers ${percent(b.providerRate)}`,
          b.providerAmount,
        ]),
      ];
    },
  }),
  PROVIDERPAY: define({
    scenario: true,
    args: z.tuple([Year]),
    run: (ctx, [year]) => {
      const y = yearOf(ctx!, year);
      return [
        ['provider', 'mechanism', 'planned payment GBP', 'sub-contract value GBP'],
        ...y.providers.map((p) => [p.provider, p.mechanism, p.plannedPayment, p.subContractValue]),
      ];
    },
  }),
  TRAJECTORY: define({
    scenario: true,
    args: z.tuple([]),
    run: (ctx) => [
      [
        'year',
        'label',
        'person-years',
        'in-scope spend GBP',
        'contract value GBP',
        'GBP per person per year',
        'savings required GBP',
      ],
      ...ctx!
        .calculation()
        .years.map((y) => [
          y.year,
          y.label,
          y.personYears,
          y.inScopeSpend,
          y.contractValue,
          y.pppy,
          y.deficit?.requiredSavings ?? 0,
        ]),
    ],
  }),
  NEEDINDEX: define({
    scenario: false,
    args: z.tuple([
      Text('an ICB code or name'),
      Text('a column grouping practices into places'),
      optionalEnum(NEED_COMPONENTS.map((c) => c.value) as [string, ...string[]]),
      optional(Range),
    ]),
    run: async (_ctx, [icb, by, component, practices], env) => {
      const column = (component ?? 'Final WP') as (typeof NEED_COMPONENTS)[number]['value'];
      let rows: readonly PracticeRow[];
      if (practices) rows = practiceRowsFromRange(practices, { component: column, by });
      else if (env.publishedPractices) rows = await env.publishedPractices();
      else
        throw new DomainError('practices', 'this service has no published practice data; pass practice rows');
      const index = placeNeedIndex(rows, { icb, by, component: column });
      return [
        [
          'place',
          'practices',
          'GP population',
          'weighted population',
          'relative need index',
          'share of need',
        ],
        ...index.places.map((p) => [
          p.place,
          p.practices,
          p.population,
          p.weightedPopulation,
          p.relativeNeedIndex,
          p.shareOfNeed,
        ]),
      ];
    },
  }),
  EXPLAIN: define({
    scenario: true,
    args: z.tuple([Year, optional(z.string())]),
    run: (ctx, [year, figure]) => {
      // `budget.<line>.<neighbourhood>.<segment>` explains one budget cell; other names pick the year's trail.
      const cell = figure === undefined ? null : /^budget\.([^.]+)\.([^.]+)\.([^.]+)$/.exec(figure);
      const steps = cell
        ? explainBudgetCell(ctx!.scenario, ctx!.calculated(), {
            year,
            line: cell[1]!,
            neighbourhood: cell[2]!,
            segment: cell[3]!,
          })
        : yearOf(ctx!, year).trail.filter((s) => figure === undefined || s.figure === figure);
      if (steps.length === 0) throw new DomainError('figure', `no figure "${figure}" in year ${year}`);
      return [
        ['figure', 'rule', 'formula', 'value', 'unit', 'inputs'],
        ...steps.map((s) => [s.figure, s.rule, s.formula, s.value, s.unit, JSON.stringify(s.inputs)]),
      ];
    },
  }),
  MEASURES: define({
    scenario: true,
    args: z.tuple([]),
    run: (ctx) => {
      const o = ctx!.scenario.outcomes;
      if (!o) return [['measure', 'name', 'weight', 'expected attainment']];
      return [
        ['measure', 'name', 'weight', 'expected attainment'],
        ...o.measures.map((m) => [m.id, m.name, m.weight, m.expectedAttainment]),
      ];
    },
  }),
  VERSION: define({
    scenario: false,
    args: z.tuple([]),
    run: () => `PACS Capitation engine ${ENGINE_VERSION}, scenario schema ${SCHEMA_VERSION}`,
  }),
} satisfies Record<OperationName, OperationSpec<z.ZodType>>;

/** A band bound or rate as a percentage for a row label: 0.02 -> 2%. */
function percent(rate: number): string {
  return `${Math.round(rate * 10_000) / 100}%`;
}

/** Builds the per-scenario context, memoising the calculation. `calculateFn` is the engine's (a test passes a
 *  counting wrapper to prove a version is calculated once whatever the batch asks of it). */
export function operationContext(
  scenario: Scenario,
  calculateFn: (scenario: Scenario) => Calculation = calculateWithFactors,
): OperationContext {
  let memo: Calculation | undefined;
  const calculated = () => {
    memo ??= calculateFn(scenario);
    return memo;
  };
  return { scenario, calculated, calculation: () => calculated().result };
}
