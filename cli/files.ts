import { readFileSync } from 'node:fs';
import { ValidationError } from '../shared/core/base/index.ts';

/** U+FEFF at the start of a file is a byte-order mark (Excel and many Windows tools write one), not content. */
const BOM = '\uFEFF';

/** Reads a text file (UTF-8, with or without a byte-order mark); a missing or unreadable file is a validation
 *  problem named by the argument. */
export function readText(path: string, field: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw new ValidationError([{ field, message: `${path}: ${why}` }]);
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Invisible and control characters in a message written as U+XXXX, so the reader can see what is there. */
function visible(message: string): string {
  return message.replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

export function readJson(path: string, field: string): unknown {
  const text = readText(path, field);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValidationError([
      { field, message: `${path} is not valid JSON (${visible((e as Error).message)})` },
    ]);
  }
}
