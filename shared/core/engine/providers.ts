import type { Provider } from '../scenario/index.ts';
import type { ServiceLine } from '../scenario/index.ts';
import type { ProviderYear } from './resultTypes.ts';

/** Provider-to-provider payment for one year (B9). Sub-contract value SC_k = sum over the member's in-scope
 *  lines of line budget x share. Block-share members are paid share x CV; the rest of CV is paid to the other
 *  members pro rata to SC_k (capitated sub-allocation, or the fixed element of a fixed + variable payment).
 *  `unallocated` is what no member is due (only when every member is on a block share summing below 1). */
export function providerPayments(
  providers: readonly Provider[],
  lines: readonly ServiceLine[],
  inScopeLineBudget: readonly number[],
  contractValue: number,
): { providers: ProviderYear[]; unallocated: number } {
  const sc = new Map(providers.map((p) => [p.id, 0]));
  lines.forEach((line, l) => {
    for (const { provider, share } of line.providers)
      sc.set(provider, sc.get(provider)! + inScopeLineBudget[l]! * share);
  });
  let blockTotal = 0;
  let otherSc = 0;
  for (const p of providers) {
    if (p.payment.type === 'block_share') blockTotal += p.payment.share * contractValue;
    else otherSc += sc.get(p.id)!;
  }
  const remainder = contractValue - blockTotal;
  const result = providers.map((p): ProviderYear => {
    const subContractValue = sc.get(p.id)!;
    const plannedPayment =
      p.payment.type === 'block_share'
        ? p.payment.share * contractValue
        : otherSc > 0
          ? (remainder * subContractValue) / otherSc
          : 0;
    return { provider: p.id, subContractValue, plannedPayment, mechanism: p.payment.type };
  });
  return { providers: result, unallocated: otherSc > 0 ? 0 : remainder };
}
