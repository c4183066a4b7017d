import { DomainError } from '../base/index.ts';
import type { Deficit } from '../scenario/index.ts';
import { rateInYear } from './years.ts';

export interface DeficitYear {
  contractValue: number;
  /** D_y: the part of the existing deficit still funded in year y. */
  funded: number;
  /** Savings required against do-nothing spend: S_y - CV_y. */
  requiredSavings: number;
}

/** Share phi_y of the base deficit still funded in year y: linear 1 - y/T unless a profile is given. */
export function deficitProfile(deficit: Deficit, year: number): number {
  if (year <= 0) return 1;
  if (year > deficit.recoveryYears) return 0;
  if (deficit.profile) return deficit.profile[year - 1]!;
  return 1 - year / deficit.recoveryYears;
}

/** Contract values under an existing deficit (B7). S_y = do-nothing in-scope spend; the affordable allocation
 *  starts at A_0 = S_0 - D_0 and grows with S (or with the stated allocation growth); the transitional contract
 *  value is CV_y = A_y + D_0 x phi_y, so the deficit is funded on a falling path and savings make up the rest. */
export function applyDeficit(spend: readonly number[], deficit: Deficit | undefined): DeficitYear[] {
  if (!deficit) return spend.map((s) => ({ contractValue: s, funded: 0, requiredSavings: 0 }));
  const s0 = spend[0]!;
  if (deficit.amount > 0 && deficit.amount >= s0)
    throw new DomainError(
      'trajectory.deficit.amount',
      `a deficit of ${deficit.amount} GBP is not below the base-year in-scope spend of ${s0} GBP`,
    );
  let allocation = s0 - deficit.amount;
  return spend.map((s, y) => {
    if (y > 0)
      allocation = deficit.allocationGrowth
        ? allocation * (1 + rateInYear(deficit.allocationGrowth, y))
        : (s0 - deficit.amount) * (s0 > 0 ? s / s0 : 1);
    const funded = deficit.amount * deficitProfile(deficit, y);
    const contractValue = allocation + funded;
    return { contractValue, funded, requiredSavings: s - contractValue };
  });
}
