import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ValidationError } from '../../shared/core/base/index.ts';
import type { ResolvedMapping } from '../../shared/core/dataProfile/index.ts';
import type { DuckSession } from './duck.ts';
import { safeColumnList, sqlIdentifier, sqlString } from './safeText.ts';

/* The extract's files: each path given is a file or a directory of files (.csv, .parquet), read in name order.
 * Each file says what it is by its columns: a people file has age and sex, an activity file has setting and cost
 * (names as the mapping file renames them). Column names match ignoring case. */

export type Format = 'csv' | 'parquet';

export interface InputFile {
  path: string;
  name: string;
  format: Format;
  bytes: number;
  kind: 'people' | 'activity';
  /** Column name as in the file and its type (CSV: VARCHAR until typed by the reader). */
  columns: { name: string; type: string }[];
}

const FORMATS: Record<string, Format> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new ValidationError([{ field: 'EXTRACT', message: `${p}: no such file or directory` }]);
    }
    if (st.isDirectory()) {
      const inside = readdirSync(p)
        .filter((f) => FORMATS[extname(f).toLowerCase()] !== undefined)
        .sort()
        .map((f) => join(p, f));
      if (inside.length === 0)
        throw new ValidationError([
          { field: 'EXTRACT', message: `${p}: no .csv or .parquet files in this directory` },
        ]);
      out.push(...inside);
    } else out.push(p);
  }
  return out;
}

/** The header of a CSV file, read by us (not sniffed): UTF-8 with or without a byte-order mark, quoted names. */
export function csvHeader(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 16);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    let text = buffer.subarray(0, n).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') break;
      else field += c;
    }
    fields.push(field);
    // An unnamed column (a trailing comma) gets a name, as the reader needs one for every column.
    return fields.map((f, i) => f.trim() || `column${i + 1}`);
  } finally {
    closeSync(fd);
  }
}

/** Reads each file's columns and decides whether it holds people or activity. */
export async function describeInputs(
  paths: readonly string[],
  mapping: ResolvedMapping,
  session: DuckSession,
): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const path of expandPaths(paths)) {
    const format = FORMATS[extname(path).toLowerCase()];
    const name = basename(path);
    if (!format)
      throw new ValidationError([{ field: 'EXTRACT', message: `${name}: not a .csv or .parquet file` }]);
    const columns =
      format === 'csv'
        ? csvHeader(path).map((c) => ({ name: c, type: 'VARCHAR' }))
        : (
            await session.rows(
              `DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`,
              `reading the columns of ${name}`,
            )
          ).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    const has = (c: string) => columns.some((x) => x.name.toLowerCase() === c.toLowerCase());
    const people = has(mapping.columns.people.age) && has(mapping.columns.people.sex);
    const activity = has(mapping.columns.activity.setting) && has(mapping.columns.activity.cost);
    if (people === activity)
      throw new ValidationError([
        {
          field: 'EXTRACT',
          message: `${name}: cannot tell whether it holds people (columns ${mapping.columns.people.age} and ${mapping.columns.people.sex}) or activity (${mapping.columns.activity.setting} and ${mapping.columns.activity.cost}); its columns are ${safeColumnList(columns.map((c) => c.name))}. Rename columns in the mapping file's "columns" section`,
        },
      ]);
    files.push({
      path,
      name,
      format,
      bytes: statSync(path).size,
      kind: people ? 'people' : 'activity',
      columns,
    });
  }
  const kinds = new Set(files.map((f) => f.kind));
  for (const kind of ['people', 'activity'] as const)
    if (!kinds.has(kind))
      throw new ValidationError([{ field: 'EXTRACT', message: `no ${kind} file among the inputs` }]);
  return files;
}

type Typed = 'DOUBLE' | 'DATE';

/** The per-file SELECT of canonical columns. Numbers and dates come typed: the CSV reader parses them (a value it
 *  cannot parse rejects the row, recorded with its line in `rejectsTable`); a Parquet column already typed is
 *  cast, and one stored as text is parsed here with its bad values kept for the report. */
export function fileSource(
  file: InputFile,
  wanted: { canonical: string; local: string; type: 'VARCHAR' | Typed }[],
  extra: string[],
  rejectsTable: string,
): string {
  const actual = (local: string) => file.columns.find((c) => c.name.toLowerCase() === local.toLowerCase());
  const select: string[] = [];
  for (const w of wanted) {
    const col = actual(w.local);
    const ref = col ? sqlIdentifier(col.name) : null;
    if (w.type === 'VARCHAR') {
      select.push(`${ref ? `CAST(${ref} AS VARCHAR)` : 'CAST(NULL AS VARCHAR)'} AS ${w.canonical}`);
      continue;
    }
    const textual = file.format === 'parquet' && col !== undefined && /CHAR|STRING|TEXT/i.test(col.type);
    if (!ref)
      select.push(`CAST(NULL AS ${w.type}) AS ${w.canonical}`, `CAST(NULL AS VARCHAR) AS ${w.canonical}_bad`);
    else if (textual) {
      const text = `NULLIF(TRIM(${ref}), '')`;
      select.push(
        `TRY_CAST(${text} AS ${w.type}) AS ${w.canonical}`,
        `CASE WHEN ${text} IS NOT NULL AND TRY_CAST(${text} AS ${w.type}) IS NULL THEN ${text} END AS ${w.canonical}_bad`,
      );
    } else
      select.push(
        `CAST(${ref} AS ${w.type}) AS ${w.canonical}`,
        `CAST(NULL AS VARCHAR) AS ${w.canonical}_bad`,
      );
  }
  select.push(...extra);
  const path = sqlString(file.path);
  if (file.format === 'parquet') return `SELECT ${select.join(', ')} FROM read_parquet(${path})`;
  const types = file.columns.map((c) => {
    const w = wanted.find((x) => x.local.toLowerCase() === c.name.toLowerCase());
    return `${sqlString(c.name)}: '${w && w.type !== 'VARCHAR' ? w.type : 'VARCHAR'}'`;
  });
  return `SELECT ${select.join(', ')} FROM read_csv(${path}, header = true, delim = ',', quote = '"', escape = '"', columns = {${types.join(', ')}}, store_rejects = true, rejects_table = '${rejectsTable}', rejects_scan = '${rejectsTable}_scan')`;
}

/** Long-term-condition flags of a people file, summed; NULL if any flag is not a flag. */
export function ltcFlagsSql(file: InputFile, flagColumns: readonly string[]): string[] {
  const present = flagColumns
    .map((f) => file.columns.find((c) => c.name.toLowerCase() === f.toLowerCase()))
    .filter((c): c is { name: string; type: string } => c !== undefined);
  // Also any ltc_* column other than the count.
  for (const c of file.columns)
    if (/^ltc_/i.test(c.name) && c.name.toLowerCase() !== 'ltc_count' && !present.includes(c))
      present.push(c);
  if (present.length === 0) return ['FALSE AS ltc_flags_present', 'CAST(NULL AS INTEGER) AS ltc_flag_sum'];
  const flag = (c: { name: string }) => {
    const v = `UPPER(TRIM(CAST(${sqlIdentifier(c.name)} AS VARCHAR)))`;
    return `CASE WHEN ${v} IS NULL OR ${v} IN ('', '0', 'N', 'NO', 'FALSE', 'F') THEN 0 WHEN ${v} IN ('1', 'Y', 'YES', 'TRUE', 'T') THEN 1 END`;
  };
  return ['TRUE AS ltc_flags_present', `CAST(${present.map(flag).join(' + ')} AS INTEGER) AS ltc_flag_sum`];
}
