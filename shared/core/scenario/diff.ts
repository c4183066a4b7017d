import { formatPath } from './validate.ts';

export interface Change {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** Structural difference of two JSON documents, path by path (arrays index by index), in document order.
 *  Stops after `limit` changes and says so. */
export function diffJson(
  before: unknown,
  after: unknown,
  limit = 500,
): { changes: Change[]; truncated: boolean } {
  const changes: Change[] = [];
  let truncated = false;
  const walk = (a: unknown, b: unknown, path: (string | number)[]) => {
    if (truncated) return;
    if (Object.is(a, b)) return;
    const bothArrays = Array.isArray(a) && Array.isArray(b);
    const bothObjects = isObject(a) && isObject(b);
    if (bothArrays) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) walk(a[i], b[i], [...path, i]);
      return;
    }
    if (bothObjects) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) walk(a[k], b[k], [...path, k]);
      return;
    }
    if (changes.length >= limit) {
      truncated = true;
      return;
    }
    const p = formatPath(path);
    if (a === undefined) changes.push({ path: p, kind: 'added', after: b });
    else if (b === undefined) changes.push({ path: p, kind: 'removed', before: a });
    else changes.push({ path: p, kind: 'changed', before: a, after: b });
  };
  walk(before, after, []);
  return { changes, truncated };
}

/** One line for a history entry: how many fields changed and the first few top-level areas. */
export function summariseChanges(changes: readonly Change[], truncated: boolean): string {
  if (changes.length === 0) return 'no changes';
  const areas = [...new Set(changes.map((c) => c.path.split(/[.[]/)[0]))].slice(0, 4);
  return `${changes.length}${truncated ? '+' : ''} field(s) changed in ${areas.join(', ')}`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
