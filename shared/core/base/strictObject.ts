import * as z from 'zod';

/* Every object read at a boundary (a scenario file, an API body, simulation options, settlement actuals) is strict:
 * a key the schema does not know is an error, not silently dropped, because a misspelt `trails` would otherwise run
 * the default 10,000 trials as if nothing had been said. The message names the key and, when a known key is a
 * likely typo of it, suggests that key. */

/** Edit distance with adjacent transpositions (optimal string alignment), ignoring case: `trails` -> `trials`
 *  and `nmae` -> `name` are 1. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++)
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[s.length]![t.length]!;
}

/** The known name `name` is most likely a typo of: within 1 edit for names of up to 4 characters, 2 for longer
 *  ones (the first such name wins a tie). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const limit = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const k of known) {
    const dist = editDistance(name, k);
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best;
}

const suggestion = (key: string, known: readonly string[]) => {
  const close = closestName(key, known);
  return close === undefined ? '' : `did you mean \`${close}\`?`;
};

/** "unknown field; did you mean `trials`?" for one key (the field path then ends with it), or a list for several. */
export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  if (keys.length === 1) {
    const hint = suggestion(keys[0]!, known);
    return hint ? `unknown field; ${hint}` : `unknown field (expected one of: ${known.join(', ')})`;
  }
  return `unknown fields ${keys
    .map((k) => {
      const hint = suggestion(k, known);
      return hint ? `\`${k}\` (${hint})` : `\`${k}\``;
    })
    .join(', ')}`;
}

/** Message for zod's `unrecognized_keys`: the object that raised it carries its own shape, so the suggestion is
 *  drawn from the keys of that very object (after `.extend` or `.omit` too). */
const unknownKeysError: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape ?? {};
  return unknownKeysMessage(issue.keys, Object.keys(shape));
};

/** `z.strictObject` whose unknown keys are reported by name with a "did you mean" suggestion. The one way to
 *  build an object schema for input at a boundary. */
export function strictObject<const T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, { error: unknownKeysError });
}
