import type { FunctionSpec } from '../../shared/contract/operations/index.ts';

/* Ids and parameter order are a public API: workbooks store calls positionally (=PACS.BUDGET(A1, 2, "line"))
 * and Excel caches metadata for up to a day. The committed snapshot (test/unit/addin/publicApi.snapshot.json)
 * lists what shipped; these rules say what may change. */

/** One parameter as `name: type`, `name?: type` when optional, `[][]` for a range. */
export const signature = (f: FunctionSpec): string[] =>
  f.parameters.map(
    (p) => `${p.name}${p.optional ? '?' : ''}: ${p.type}${p.dimensionality === 'matrix' ? '[][]' : ''}`,
  );

/** Every way `current` breaks workbooks written against `shipped`: a function removed; a parameter removed,
 *  renamed, retyped, made required or moved; a required parameter appended. */
export function apiBreaks(shipped: Record<string, string[]>, current: Record<string, string[]>): string[] {
  const breaks: string[] = [];
  for (const [id, before] of Object.entries(shipped)) {
    const now = current[id];
    if (!now) {
      breaks.push(`${id} was removed`);
      continue;
    }
    before.forEach((param, i) => {
      if (now[i] !== param)
        breaks.push(`${id} parameter ${i + 1} was "${param}", now "${now[i] ?? 'missing'}"`);
    });
    for (const added of now.slice(before.length))
      if (!/^\w+\?:/.test(added))
        breaks.push(`${id} gained a required parameter "${added}" (only optional ones may be appended)`);
  }
  return breaks;
}
