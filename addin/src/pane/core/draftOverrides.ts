import type { Override } from '../../../../shared/contract/wire/index.ts';

/* Unsaved changes as what-if overrides on the saved version they started from, so the engine prices the draft
 * without saving it (the same mechanism as the PACS.* functions' last argument: field paths such as
 * `trajectory.efficiency` or `serviceLines[3].carveOut`, values as cells hold them, JSON text for a whole list
 * or object). */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (x: unknown): x is Record<string, Json> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
/** A field name the override path syntax reads as a key (ids such as `0-4_F_q1` are not: their parent goes whole). */
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A value one override can carry as a cell would: numbers, booleans, and text that is not read as JSON. */
function scalar(v: unknown): v is number | boolean | string {
  return (
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    (typeof v === 'string' && v !== '' && !/^\s*[[{]/.test(v))
  );
}

/** The changes from `base` to `draft` as overrides, in document order; null when they cannot be expressed (an
 *  override sets, it cannot remove a top-level field such as the outcomes withhold) or would take more than `max`
 *  overrides even grouped by top-level field. */
export function draftOverrides(base: unknown, draft: unknown, max = 90): Override[] | null {
  if (!isObject(base) || !isObject(draft)) return null;
  for (const k of Object.keys(base)) if (base[k] !== undefined && draft[k] === undefined) return null;
  const out: Override[] = [];
  /** Adds the overrides for one part; false when a changed value cannot travel alone (null, empty text, text that
   *  would be read as JSON), so the part containing it must go whole. */
  const walk = (a: Json | undefined, b: Json | undefined, path: string): boolean => {
    if (same(a, b)) return true;
    const mark = out.length;
    const whole = () => {
      out.length = mark;
      out.push({ path, value: JSON.stringify(b) });
      return true;
    };
    if (isObject(a) && isObject(b)) {
      const ka = Object.keys(a).filter((k) => a[k] !== undefined);
      const kb = Object.keys(b).filter((k) => b[k] !== undefined);
      if (ka.length !== kb.length || ka.some((k) => !(k in b)) || kb.some((k) => !KEY.test(k)))
        return whole();
      return kb.every((k) => walk(a[k], b[k], `${path}.${k}`)) || whole();
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
      return b.every((x, i) => walk(a[i], x, `${path}[${i}]`)) || whole();
    if (scalar(b)) {
      out.push({ path, value: b });
      return true;
    }
    if (isObject(b) || Array.isArray(b)) return whole();
    return false;
  };
  for (const k of Object.keys(draft)) if (KEY.test(k) && !walk(base[k], draft[k], k)) return null;
  if (out.length <= max) return out;
  // Too many single fields (a re-read population): one override per changed top-level field.
  const grouped = Object.keys(draft)
    .filter((k) => !same(base[k], draft[k]))
    .map((k) => ({
      path: k,
      value: scalar(draft[k]) ? (draft[k] as string | number | boolean) : JSON.stringify(draft[k]),
    }));
  return grouped.length <= max ? grouped : null;
}
