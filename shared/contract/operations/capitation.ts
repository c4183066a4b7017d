import { DomainError } from '../../core/base/index.ts';
import type { YearResult } from '../../core/engine/index.ts';
import { type CapitationMeasure, PART_MEASURES } from './enums.ts';

/** PACS.CAPITATION: one figure of a contract year, for the whole contract or for one part of it (a segment,
 *  neighbourhood or service line, named by its id). GBP unless the measure is a count. */
export function capitationFigure(
  y: YearResult,
  measure: CapitationMeasure,
  part: string | undefined,
): number {
  if (part === undefined) {
    switch (measure) {
      case 'contract_value':
        return y.contractValue;
      case 'pppy':
        return y.pppy;
      case 'person_years':
        return y.personYears;
      case 'in_scope_spend':
        return y.inScopeSpend;
      case 'whole_population_spend':
        return y.wholePopulationSpend;
      case 'out_of_scope_spend':
        return y.outOfScopeSpend;
      case 'savings_required':
        return y.deficit?.requiredSavings ?? 0;
      case 'withhold':
        return y.withhold?.amount ?? 0;
      case 'unallocated_payment':
        return y.unallocatedPayment;
    }
  }
  const segment = y.segments.find((s) => s.segment === part);
  const neighbourhood = y.neighbourhoods.find((n) => n.neighbourhood === part);
  const line = y.lines.find((l) => l.line === part);
  const found = [segment && 'segment', neighbourhood && 'neighbourhood', line && 'line'].filter(
    (k): k is 'segment' | 'neighbourhood' | 'line' => !!k,
  );
  if (found.length === 0)
    throw new DomainError(
      'part',
      `"${part}" is not a segment, neighbourhood or service line of the scenario`,
    );
  if (found.length > 1) throw new DomainError('part', `"${part}" names both a ${found.join(' and a ')}`);
  const kind = found[0]!;
  if (!PART_MEASURES[kind].includes(measure))
    throw new DomainError(
      'measure',
      `${measure} is not given for one ${kind}; use ${PART_MEASURES[kind].join(', ')}`,
    );
  const unit = segment ?? neighbourhood;
  if (unit)
    return measure === 'pppy'
      ? unit.pppy
      : measure === 'person_years'
        ? unit.personYears
        : unit.inScopeBudget;
  // A line outside the single budget contributes nothing to the contract value.
  return line!.inScope ? line!.amount : 0;
}
