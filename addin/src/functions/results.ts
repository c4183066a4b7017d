import type { FunctionSpec } from '../../../shared/contract/operations/index.ts';
import type { OperationValue } from '../../../shared/contract/wire/index.ts';

/** A result as Excel takes it: spills are rectangular (short rows padded with blanks), blank cells are empty
 *  text (null would show 0), and a one-cell answer of a spill function is still a 1x1 range. */
export function toExcelValue(value: OperationValue, spec: FunctionSpec): unknown {
  if (spec.result.dimensionality === 'scalar')
    return Array.isArray(value) ? (value[0]?.[0] ?? '') : (value ?? '');
  const rows = Array.isArray(value) ? value : [[value]];
  const width = Math.max(1, ...rows.map((r) => r.length));
  return rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
}
