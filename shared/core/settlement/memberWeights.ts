import type { Distribution } from '../scenario/index.ts';
import type { MemberContext } from './settlementTypes.ts';

/** Weights theta_k (sum 1) dividing the PACS gain or loss among members (B9, §3.7). Members with no budget in
 *  the contract take no part in equal or performance splits. */
export function memberWeights(distribution: Distribution, members: readonly MemberContext[]): number[] {
  const raw = members.map((m) => {
    switch (distribution.method) {
      case 'equal':
        return m.budget > 0 ? 1 : 0;
      case 'pro_rata_budget':
        return m.budget;
      case 'performance':
        return m.budget * (m.performance ?? 0);
      case 'custom':
        return distribution.weights[m.provider] ?? 0;
    }
  });
  const total = raw.reduce((a, v) => a + v, 0);
  // No basis to split on (e.g. every performance score 0): fall back to budget shares rather than lose money.
  if (total <= 0) {
    const budgets = members.reduce((a, m) => a + m.budget, 0);
    return members.map((m) => (budgets > 0 ? m.budget / budgets : 1 / members.length));
  }
  return raw.map((v) => v / total);
}
