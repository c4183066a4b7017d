import type { ContractForm } from '../scenario/index.ts';
import type { ServiceCategory } from '../scenario/index.ts';
import type { Step } from '../base/index.ts';

/** Why a service line is or is not in the single capitated budget under a contract form (B5). */
export type ScopeReason =
  | 'default_in_scope'
  | 'excluded_by_form'
  | 'out_by_default'
  | 'carved_out'
  | 'override_in'
  | 'override_out';

export interface LineScope {
  line: string;
  category: ServiceCategory;
  inScope: boolean;
  reason: ScopeReason;
}

/** A dense cube of GBP amounts for one contract year: value(l, n, s) = values[(l * N + n) * S + s] with
 *  dimension orders given by `lines`, `neighbourhoods`, `segments`. */
export interface BudgetCube {
  lines: string[];
  neighbourhoods: string[];
  segments: string[];
  values: Float64Array;
}

export interface SegmentYear {
  segment: string;
  personYears: number;
  /** In-scope budget / person-years, GBP per person per year. */
  pppy: number;
  /** All-lines (whole-population) spend / person-years, GBP per person per year. */
  pppyAllServices: number;
  inScopeBudget: number;
}

export interface NeighbourhoodYear {
  neighbourhood: string;
  personYears: number;
  inScopeBudget: number;
  pppy: number;
  /** Need-based target and distance from target (B4, §3.8): (budget - target) / target. */
  needTarget: number;
  distanceFromTarget: number;
}

export interface ProviderYear {
  provider: string;
  /** Sub-contract value SC_k: the member's share of the in-scope lines it provides (GBP). */
  subContractValue: number;
  /** Planned payment under its mechanism (block share / capitated / fixed element). */
  plannedPayment: number;
  mechanism: string;
}

export interface YearResult {
  year: number;
  /** Financial-year label, e.g. 2026/27. */
  label: string;
  personYears: number;
  registeredPersonYears: number;
  unregisteredPersonYears: number;
  excludedPersonYears: number;
  /** Do-nothing spend of every service line in the scenario (GBP). */
  wholePopulationSpend: number;
  inScopeSpend: number;
  outOfScopeSpend: number;
  carveOuts: { line: string; kind: string; amount: number }[];
  /** Contract value CV_y after need adjustment, convergence and deficit trajectory (GBP). */
  contractValue: number;
  /** CV_y / person-years. */
  pppy: number;
  /** Virtual contracts: the budget is a shadow figure for the year-end alliance gain/loss; no money moves. */
  shadow: boolean;
  /** Part of CV no member is due (every member on block shares summing below 1); normally 0. */
  unallocatedPayment: number;
  deficit: { funded: number; requiredSavings: number } | null;
  withhold: { rate: number; amount: number; fixedPayment: number; expectedEarned: number } | null;
  segments: SegmentYear[];
  neighbourhoods: NeighbourhoodYear[];
  providers: ProviderYear[];
  lines: { line: string; inScope: boolean; amount: number }[];
  budget: BudgetCube;
  /** In-scope budget by provider x neighbourhood x segment (each line split by its provider shares):
   *  value(k, n, s) = values[(k * N + n) * S + s]; provider k's cells sum to its sub-contract value. */
  providerBudget: { providers: string[]; neighbourhoods: string[]; segments: string[]; values: Float64Array };
  trail: Step[];
}

export interface FormComparison {
  form: ContractForm;
  /** Contract value per year (index 0 = contract year 1). */
  contractValue: number[];
  inScopeLines: string[];
  /** Why this form has no figures (e.g. the existing deficit exceeds its whole base-year budget). */
  unavailable?: string;
}

export interface CalculationResult {
  scenario: string;
  form: ContractForm;
  currency: 'GBP';
  scope: LineScope[];
  /** Base year (0) and every contract year. */
  years: YearResult[];
  /** The three contract forms side by side, when asked for. */
  forms?: FormComparison[];
}
