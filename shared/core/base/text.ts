import * as z from 'zod';

/* Text that people type (names, descriptions, change summaries) is shown back in Excel, in the task pane, in
 * terminals and in history lists. Control characters (NUL, CR, LF, ESC, ...) break those displays or smuggle
 * terminal escapes, and the Unicode bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069) make text read differently from what it is ("Trojan Source"). Both are refused where text
 * arrives, with the code point named, since the character itself is invisible. */

const NAMES: Record<number, string> = {
  0: 'NUL',
  9: 'tab',
  10: 'line feed',
  13: 'carriage return',
  27: 'escape',
  127: 'delete',
  8232: 'line separator',
  8233: 'paragraph separator',
  8234: 'left-to-right embedding',
  8235: 'right-to-left embedding',
  8236: 'pop directional formatting',
  8237: 'left-to-right override',
  8238: 'right-to-left override',
  8294: 'left-to-right isolate',
  8295: 'right-to-left isolate',
  8296: 'first strong isolate',
  8297: 'pop directional isolate',
};

/** Line breaks and tabs, allowed in multi-line text only. */
const LAYOUT = new Set([0x09, 0x0a, 0x0d]);

function isForbidden(code: number, multiline: boolean): boolean {
  if (multiline && LAYOUT.has(code)) return false;
  return (
    code <= 0x1f || // C0 controls
    (code >= 0x7f && code <= 0x9f) || // DEL and C1 controls
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** The first control or bidirectional-formatting character of `s`, as "U+202E (right-to-left override) at
 *  character 4", or undefined when there is none. */
export function forbiddenCharacter(s: string, multiline = false): string | undefined {
  let position = 0;
  for (const ch of s) {
    position++;
    const code = ch.codePointAt(0)!;
    if (!isForbidden(code, multiline)) continue;
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    const name = NAMES[code] ?? (code <= 0x9f ? 'control character' : 'formatting character');
    return `U+${hex} (${name}) at character ${position}`;
  }
  return undefined;
}

/** A text field: not empty (unless `allowEmpty`), `max` characters at most, no control characters and no
 *  bidirectional embeddings, overrides or isolates; `multiline` text may also hold tabs and line breaks. */
export function plainText(o: { max: number; allowEmpty?: boolean; multiline?: boolean; trim?: boolean }) {
  const base = o.trim ? z.string().trim() : z.string();
  return (o.allowEmpty ? base : base.min(1, 'must not be empty'))
    .max(o.max, `must be at most ${o.max} characters`)
    .refine((s) => forbiddenCharacter(s, o.multiline) === undefined, {
      error: (issue) =>
        `must not contain control or bidirectional-formatting characters: found ${forbiddenCharacter(
          String(issue.input),
          o.multiline,
        )}`,
    });
}

/** Removes what `plainText` refuses: for display text that cannot be refused (a name in a sign-in token). */
export function stripForbidden(s: string): string {
  let out = '';
  for (const ch of s) if (!isForbidden(ch.codePointAt(0)!, false)) out += ch;
  return out;
}

/** The length of `text` in UTF-8 bytes (what a size limit on the wire counts; `text.length` counts UTF-16 code
 *  units, which undercounts anything beyond ASCII). A lone surrogate counts 3, as U+FFFD, the way TextEncoder
 *  writes it. Written out rather than TextEncoder().encode(text).length so nothing is allocated. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 2 code units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}
