import { readFileSync } from 'node:fs';
import { ValidationError } from '../shared/core/base/index.ts';

/** Reads a text file; a missing or unreadable file is a validation problem named by the argument. */
export function readText(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw new ValidationError([{ field, message: `${path}: ${why}` }]);
  }
}

export function readJson(path: string, field: string): unknown {
  const text = readText(path, field);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValidationError([{ field, message: `${path} is not valid JSON (${(e as Error).message})` }]);
  }
}
