import type { ContractForm } from '../scenario/index.ts';
import type { ServiceCategory, ServiceLine } from '../scenario/index.ts';
import type { LineScope } from './resultTypes.ts';

/** Categories outside the single budget unless a scenario overrides it (B5): optional pooled budgets (social
 *  care, public health), NHS England specialised commissioning, and high-cost drugs and devices. */
const OUT_BY_DEFAULT: ReadonlySet<ServiceCategory> = new Set([
  'social_care',
  'public_health',
  'specialised',
  'high_cost_drugs_devices',
]);

/** Scope of one line under a contract form (B5). Partially integrated contracts exclude core primary medical
 *  care by definition (GMS/PMS/APMS stay on national contracts); virtual computes a shadow budget over the same
 *  scope as fully integrated. Carve-outs always leave the budget; then explicit overrides; then defaults. */
export function lineScope(line: ServiceLine, form: ContractForm): LineScope {
  const of = (inScope: boolean, reason: LineScope['reason']): LineScope => ({
    line: line.id,
    category: line.category,
    inScope,
    reason,
  });
  if (line.carveOut) return of(false, 'carved_out');
  if (form === 'partially_integrated' && line.category === 'core_primary_medical')
    return of(false, 'excluded_by_form');
  if (line.inScope === true) return of(true, 'override_in');
  if (line.inScope === false) return of(false, 'override_out');
  if (OUT_BY_DEFAULT.has(line.category)) return of(false, 'out_by_default');
  return of(true, 'default_in_scope');
}

export function scopeFor(lines: readonly ServiceLine[], form: ContractForm): LineScope[] {
  return lines.map((l) => lineScope(l, form));
}
