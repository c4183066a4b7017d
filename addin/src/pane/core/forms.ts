import type { OperationValue, Override } from '../../../../shared/contract/wire/index.ts';
import { ContractForm } from '../../../../shared/core/scenario/index.ts';

export type Form = ContractForm;
export const FORMS: readonly Form[] = ContractForm.options;

/** What each contract form means (capitation-method.md B5; NHS England PACS business model, 2016). Words only:
 *  every figure beside them comes from the engine. */
export const FORM_FACTS: Record<
  Form,
  {
    label: string;
    short: string;
    budget: string;
    budgetShort: string;
    money: string;
    risk: string;
    riskShort: string;
  }
> = {
  virtual: {
    label: 'Virtual (alliance)',
    short: 'Virtual',
    budget:
      'A shadow budget over the same services as fully integrated: each provider is still paid under its own contract.',
    budgetShort: 'Shadow budget only',
    riskShort: 'Each provider its own; the alliance shares the result',
    money:
      'No money moves at the start; at year end the alliance result is the shadow budget less actual payments.',
    risk: 'Each provider carries its own contract risk; the alliance shares the gain or loss against the shadow budget.',
  },
  partially_integrated: {
    label: 'Partially integrated',
    short: 'Partial',
    budget:
      'One budget for nearly all services, excluding primary medical care (GMS/PMS/APMS stays on national GP contracts).',
    budgetShort: 'All but primary medical care',
    riskShort: 'The PACS, for in-scope services',
    money: 'The PACS holds one contract for in-scope services; GP core funding flows separately.',
    risk: 'The PACS carries demand and cost risk of the in-scope services; GP core income is outside the risk share.',
  },
  fully_integrated: {
    label: 'Fully integrated',
    short: 'Full',
    budget: 'One whole-population budget including primary medical care (GP contracts suspended into it).',
    budgetShort: 'Whole population, primary care included',
    riskShort: 'The PACS, for the whole population',
    money: 'The PACS holds the whole-population budget and pays its members.',
    risk: 'The PACS carries the whole population’s demand and cost risk, including primary medical care.',
  },
};

/** The what-if that prices the current scenario under another contract form. */
export function formOverride(form: Form): Override[] {
  return [{ path: 'contract.form', value: form }];
}

export interface ScopeRow {
  line: string;
  category: string;
  inScope: Record<Form, boolean>;
}

/** PACS.SCOPE's spill (header, then line, category, virtual, partial, full) as rows. */
export function scopeRows(value: OperationValue): ScopeRow[] {
  if (!Array.isArray(value)) throw new Error('SCOPE did not answer with a table');
  return value.slice(1).map((r) => ({
    line: String(r[0]),
    category: String(r[1]),
    inScope: { virtual: r[2] === true, partially_integrated: r[3] === true, fully_integrated: r[4] === true },
  }));
}
