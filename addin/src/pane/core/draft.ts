import { DomainError, type FieldProblem, ValidationError } from '../../../../shared/core/base/index.ts';
import { resolveRiskShare } from '../../../../shared/core/presets/index.ts';
import { type Scenario, parseScenario } from '../../../../shared/core/scenario/index.ts';

/** The scenario the pane is editing: the schema's output form (defaults filled in), edited as plain data. */
export type Draft = Scenario;

/** Where the draft came from: the saved version it was opened from (the base of the next save), if any. */
export interface Base {
  id: string;
  version: number;
  author: string;
  savedAt: string;
  scenario: Draft;
}

/** Fills the schema's defaults into a document (an example file, a saved version) so every editor sees every
 *  field; problems are field by field. */
export function toDraft(document: unknown): { draft: Draft } | { problems: FieldProblem[] } {
  try {
    return { draft: parseScenario(document) };
  } catch (e) {
    if (e instanceof ValidationError) return { problems: e.problems };
    throw e;
  }
}

/** Every problem of the draft by field: the scenario schema, then the gain/loss rules a preset or a custom
 *  corridor must satisfy. The same checks the service makes on save, so Save is offered only when it can work. */
export function validateDraft(draft: unknown): FieldProblem[] {
  let scenario: Scenario;
  try {
    scenario = parseScenario(draft);
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  try {
    resolveRiskShare(scenario.riskShare);
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    if (e instanceof DomainError) return [{ field: e.field, message: e.message.replace(`${e.field}: `, '') }];
    throw e;
  }
  return [];
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => same(a[k], b[k]));
  }
  return false;
}

export { same as sameJson };

/** Reapplies my changes on top of someone else's version (three-way, field by field): where I changed a field
 *  from the base, mine wins; everywhere else theirs stands. Lists of the same length merge item by item (as the
 *  history's diff lists them); a list whose length I changed is taken whole from mine. */
export function reapply(base: unknown, mine: unknown, theirs: unknown): unknown {
  if (same(mine, base)) return theirs;
  if (same(theirs, base)) return mine;
  if (isObject(base) && isObject(mine) && isObject(theirs)) {
    const out: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(theirs), ...Object.keys(mine)])) {
      const v = reapply(base[k], mine[k], theirs[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (
    Array.isArray(base) &&
    Array.isArray(mine) &&
    Array.isArray(theirs) &&
    base.length === mine.length &&
    mine.length === theirs.length
  )
    return mine.map((m, i) => reapply(base[i], m, theirs[i]));
  return mine;
}
