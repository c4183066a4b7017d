import { WEIGHTED_POPULATION_COLUMNS, type WeightedPopulationColumn } from '../../core/needIndex/index.ts';

/* The documented enumerations of the PACS.* functions: one list each, used by the operations that validate them
 * and by the Excel metadata that offers them (autocomplete and argument help). Values are lower-case mnemonics. */

export interface EnumValue<V extends string = string> {
  value: V;
  description: string;
}

const values = <V extends string>(list: readonly EnumValue<V>[]) =>
  list.map((e) => e.value) as unknown as readonly [V, ...V[]];

/** What PACS.CAPITATION returns for a contract year (GBP unless stated). */
export const CAPITATION_MEASURES = [
  { value: 'contract_value', description: 'Contract value for the year, GBP (the single capitated budget)' },
  { value: 'pppy', description: 'Contract value per person, GBP per person per year' },
  { value: 'person_years', description: 'Covered population, person-years' },
  { value: 'in_scope_spend', description: 'Do-nothing spend on the in-scope services, GBP' },
  { value: 'whole_population_spend', description: 'Do-nothing spend on every service line, GBP' },
  { value: 'out_of_scope_spend', description: 'Spend on services outside the single budget, GBP' },
  { value: 'savings_required', description: 'Savings the deficit trajectory requires, GBP' },
  { value: 'withhold', description: 'Outcomes-linked withhold, GBP' },
  { value: 'unallocated_payment', description: 'Part of the contract value no member is due, GBP' },
] as const satisfies readonly EnumValue[];
export type CapitationMeasure = (typeof CAPITATION_MEASURES)[number]['value'];
export const CAPITATION_MEASURE_VALUES = values(CAPITATION_MEASURES);

/** Measures PACS.CAPITATION can give for one part (a segment, neighbourhood or service line). */
export const PART_MEASURES: Record<'segment' | 'neighbourhood' | 'line', readonly CapitationMeasure[]> = {
  segment: ['contract_value', 'pppy', 'person_years'],
  neighbourhood: ['contract_value', 'pppy', 'person_years'],
  line: ['contract_value'],
};

/** How PACS.BUDGET breaks the year's budget down. */
export const BUDGET_BREAKDOWNS = [
  { value: 'line', description: 'By service line, with whether each is in scope' },
  {
    value: 'neighbourhood',
    description: 'By neighbourhood, with person-years, PPPY and distance from need target',
  },
  { value: 'segment', description: 'By population segment (age band x sex x deprivation)' },
  { value: 'provider', description: 'By member provider: planned payment' },
] as const satisfies readonly EnumValue[];
export type BudgetBreakdown = (typeof BUDGET_BREAKDOWNS)[number]['value'];
export const BUDGET_BREAKDOWN_VALUES = values(BUDGET_BREAKDOWNS);

/** Weighted-population components of NHS England's practice file (its column names; the list is the core's). */
const COMPONENT_DESCRIPTIONS: Record<WeightedPopulationColumn, string> = {
  'G&A WP': 'General and acute',
  'CS WP': 'Community services',
  'MH WP': 'Mental health',
  'Mat WP': 'Maternity',
  'Health Ineq WP': 'Health inequalities',
  'Prescr WP': 'Prescribing',
  'Final WP': 'Core services, all components combined (the default)',
  'Primary Medical Care WP': 'Primary medical care',
  'Final PMC WP': 'Primary medical care, final',
};
export const NEED_COMPONENTS: readonly EnumValue<WeightedPopulationColumn>[] =
  WEIGHTED_POPULATION_COLUMNS.map((value) => ({ value, description: COMPONENT_DESCRIPTIONS[value] }));
