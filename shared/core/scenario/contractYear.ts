import { DomainError } from '../base/index.ts';
import type { Scenario } from './scenario.ts';

/** Which years a figure exists for. Budgets, PPPY and trajectories exist for the base year (0) and every contract
 *  year; settlement and simulation only for contract years 1..T (the base year is history, not a contract). */
export type YearRange = 'base_and_contract' | 'contract';

/** The rule in words, as every boundary states it ("must be a contract year from 1 to 5"). */
export function yearRule(scenario: Pick<Scenario, 'contract'>, range: YearRange): string {
  const T = scenario.contract.years;
  return range === 'contract'
    ? `must be a contract year from 1 to ${T}`
    : `must be 0 (the base year) or a contract year from 1 to ${T}`;
}

/** The one check of a year argument against a scenario's contract; throws a DomainError on `field`. */
export function checkYear(
  scenario: Pick<Scenario, 'contract'>,
  year: number,
  range: YearRange,
  field = 'year',
): number {
  const from = range === 'contract' ? 1 : 0;
  if (!Number.isInteger(year) || year < from || year > scenario.contract.years)
    throw new DomainError(field, `${yearRule(scenario, range)}, got ${year}`);
  return year;
}
