/* Patient ids never appear in any output, log or error. DuckDB's own error messages can quote a line of the input
 * (a CSV error shows the offending row, ids included), so no DuckDB message is shown as is: only its error class
 * and a line number. Values shown as examples of bad input are checked against the people's ids (in SQL) and
 * anything that looks like an identifier is withheld here. */

const ERROR_CLASS = /^([A-Za-z ]{2,40} Error)\b/;
const LINE = /\bline[:\s]+(\d+)/i;

/** A DuckDB failure as one safe sentence: what we were doing, the error class, and a line number if any. */
export function safeDuckDbMessage(stage: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const kind = ERROR_CLASS.exec(text)?.[1] ?? 'error';
  const line = LINE.exec(text)?.[1];
  const hint = /out of memory/i.test(text)
    ? ' (raise --memory, or lower --threads; DuckDB spills to the temporary directory when it can)'
    : /no files found|cannot open file|no such file/i.test(text)
      ? ' (a file could not be opened)'
      : '';
  return `${stage}: DuckDB ${kind.toLowerCase()}${line ? ` at line ${line}` : ''}${hint}; the input's values are not shown, to keep patient data out of messages`;
}

/** Long digit runs (NHS numbers are 10 digits) and long opaque tokens are withheld from examples. */
export function looksLikeIdentifier(value: string): boolean {
  return /\d{9,}/.test(value) || /^[0-9a-f]{16,}$/i.test(value) || /^[A-Za-z0-9+/=_-]{24,}$/.test(value);
}

/** An example value as shown: at most 40 characters, or withheld. */
export function exampleValue(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (looksLikeIdentifier(value)) return '(withheld: looks like an identifier)';
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

/** Column names of a file, for a message: names with digits are not shown (a file without a header row would
 *  otherwise show its first row, which may hold a person id). */
export function safeColumnList(columns: readonly string[]): string {
  const shown = columns.filter((c) => /^[A-Za-z][A-Za-z _&/-]{0,63}$/.test(c));
  const hidden = columns.length - shown.length;
  return `${shown.map((c) => `"${c}"`).join(', ') || 'none shown'}${hidden > 0 ? ` and ${hidden} not shown (they contain digits or symbols: is the first row a header?)` : ''}`;
}

/** A string as an SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** An identifier (column name) as a quoted SQL identifier. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
