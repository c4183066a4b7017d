import { type FieldProblem, ValidationError } from '../../core/base/index.ts';
import { type Scenario, formatPath, parseScenario } from '../../core/scenario/index.ts';
import type { Override } from '../wire/index.ts';

/* What-if overrides (the PACS.* functions' last argument): field paths set to values on a copy of a saved
 * scenario, which is then validated by the scenario schema like any saved one. Paths read like the fields the
 * schema names in its errors: `trajectory.efficiency`, `serviceLines[3].carveOut`, and an element of a list may
 * also be named by its id: `serviceLines[acute_elective].baselinePppy[0]`, `providers[gp_fed].performance`. */

type Step = { key: string } | { index: number } | { id: string };
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The scenario with every override applied in order, validated; a bad path or value is a ValidationError
 *  whose field is the override's path. */
export function applyOverrides(scenario: Scenario, overrides: readonly Override[]): Scenario {
  const doc = JSON.parse(JSON.stringify(scenario)) as Json;
  const problems: FieldProblem[] = [];
  const paths: { path: string; steps: Step[] }[] = [];
  for (const o of overrides) {
    try {
      const steps = setAt(doc, parsePath(o.path), cellValue(o), o.path);
      paths.push({ path: o.path, steps });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  let parsed: Scenario;
  try {
    parsed = parseScenario(doc);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    // Problems under an overridden path are named by that path; others (a cross-reference the change broke)
    // keep the field the schema names, with the overrides that caused them.
    const changed = paths.map((p) => p.path).join(', ');
    throw new ValidationError(
      e.problems.map((p) => {
        const own = paths.find(
          (x) => p.field === canonical(x.steps) || p.field.startsWith(`${canonical(x.steps)}.`),
        );
        return own
          ? { field: own.path, message: p.message }
          : { field: p.field, message: `${p.message} (after ${changed})` };
      }),
    );
  }
  // A key the schema does not know is one of its problems above ("unknown field; did you mean ..."): the scenario
  // schema is strict, so nothing an override sets is dropped silently.
  return parsed;
}

/** `a.b[2].c[id]` -> steps. */
export function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  const bad = (why: string) =>
    new ValidationError([{ field: path, message: `cannot read this path: ${why}` }]);
  let i = 0;
  const text = path.trim();
  while (i < text.length) {
    if (text[i] === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw bad('a [ is not closed');
      const inner = text.slice(i + 1, end).trim();
      if (!inner) throw bad('[] is empty');
      steps.push(/^\d+$/.test(inner) ? { index: Number(inner) } : { id: inner });
      i = end + 1;
      if (text[i] === '.') i++;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!m) throw bad(`unexpected "${text[i]}" at position ${i + 1}`);
    steps.push({ key: m[0] });
    i += m[0].length;
    if (text[i] === '.') {
      i++;
      if (i >= text.length) throw bad('it ends with a dot');
    } else if (i < text.length && text[i] !== '[') throw bad(`unexpected "${text[i]}" at position ${i + 1}`);
  }
  if (steps.length === 0) throw bad('it is empty');
  return steps;
}

/** A cell's value: numbers, text and TRUE/FALSE as they are; text holding a JSON list or object is read as one
 *  (so a whole list can be replaced from one cell). */
function cellValue(o: Override): Json {
  if (o.value === null || o.value === '')
    throw new ValidationError([{ field: o.path, message: 'the value is blank' }]);
  if (typeof o.value === 'string' && /^\s*[[{]/.test(o.value)) {
    try {
      return JSON.parse(o.value) as Json;
    } catch {
      throw new ValidationError([
        { field: o.path, message: 'the value looks like JSON but is not valid JSON' },
      ]);
    }
  }
  return o.value;
}

/** Sets the value; returns the path with every id resolved to its index (as the schema names fields). */
function setAt(doc: Json, steps: Step[], value: Json, path: string): Step[] {
  const resolved: Step[] = [];
  let node = doc;
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    const last = k === steps.length - 1;
    const where = k === 0 ? 'the scenario' : formatSteps(steps.slice(0, k));
    if ('key' in step) {
      if (!isObject(node)) throw miss(path, `${where} is not an object with fields`);
      resolved.push(step);
      if (last) {
        node[step.key] = value;
        return resolved;
      }
      if (!(step.key in node))
        throw miss(path, `${where} has no field "${step.key}"${suggest(step.key, Object.keys(node))}`);
      node = node[step.key]!;
      continue;
    }
    if (!Array.isArray(node)) throw miss(path, `${where} is not a list`);
    const i = 'index' in step ? step.index : node.findIndex((e) => isObject(e) && e.id === step.id);
    if (i < 0 || i >= node.length) {
      const ids = node.flatMap((e) => (isObject(e) && typeof e.id === 'string' ? [e.id] : []));
      throw miss(
        path,
        'index' in step
          ? `${where} has ${node.length} items (0 to ${node.length - 1})`
          : `${where} has no item with id "${step.id}"${suggest(step.id, ids)}`,
      );
    }
    resolved.push({ index: i });
    if (last) {
      node[i] = value;
      return resolved;
    }
    node = node[i]!;
  }
  return resolved;
}

/** The path as the schema names fields in its errors. */
const canonical = (steps: Step[]) => formatSteps(steps);

function formatSteps(steps: Step[]): string {
  return formatPath(steps.map((s) => ('key' in s ? s.key : 'index' in s ? s.index : s.id)));
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const miss = (path: string, message: string) => new ValidationError([{ field: path, message }]);

/** ", did you mean x?" for a near miss of a field or id. */
function suggest(wanted: string, known: string[]): string {
  const w = wanted.toLowerCase();
  const close = known.filter((k) => {
    const c = k.toLowerCase();
    return c.includes(w) || w.includes(c) || distance(c, w) <= Math.max(1, Math.floor(w.length / 4));
  });
  if (close.length > 0) return `; did you mean ${close.slice(0, 3).join(', ')}?`;
  return known.length > 0 && known.length <= 12 ? ` (it has: ${known.join(', ')})` : '';
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}
