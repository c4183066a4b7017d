import { ValidationError } from '../base/index.ts';

/** A parsed CSV document: the first record is the header; `rowLines[i]` is the 1-based physical line on which
 *  `rows[i]` starts (records may span lines when a quoted field holds a newline), so callers can name it. */
export interface CsvTable {
  header: string[];
  rows: string[][];
  rowLines: number[];
}

/** Parses RFC 4180 CSV held in a string: quoted fields with embedded commas, doubled quotes and line breaks;
 *  CRLF or LF record ends; an optional trailing line break and a UTF-8 BOM. Blank lines are skipped (spreadsheet
 *  exports often end with several). Every record must have as many fields as the header. Errors name the line. */
export function parseCsv(text: string): CsvTable {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false; // the current field began with a quote
  let afterQuote = false; // the closing quote of a quoted field has been read
  let fieldStarted = false; // anything read for the current record (to tell a blank line from one empty field)

  const fail = (at: number, message: string): never => {
    throw new ValidationError([{ field: `line ${at}`, message }]);
  };
  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
    afterQuote = false;
  };
  const endRecord = () => {
    if (fieldStarted || fields.length > 0) {
      endField();
      records.push({ fields, line: recordLine });
    }
    fields = [];
    fieldStarted = false;
  };

  while (i < text.length) {
    const c = text[i]!;
    if (quoted && !afterQuote) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        afterQuote = true;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === ',') {
      endField();
      fieldStarted = true;
      i++;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      endRecord();
      i += c === '\r' ? 2 : 1;
      line++;
      recordLine = line;
    } else if (afterQuote) {
      fail(line, `unexpected ${describe(c)} after the closing quote of a field`);
    } else if (c === '"') {
      if (field !== '')
        fail(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
      quoted = true;
      fieldStarted = true;
      i++;
    } else {
      field += c;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted && !afterQuote) fail(recordLine, 'quoted field is not closed before the end of the input');
  endRecord();

  const first = records[0];
  if (!first) return fail(1, 'no header row: the input is empty');
  const width = first.fields.length;
  for (const r of records)
    if (r.fields.length !== width) fail(r.line, `has ${r.fields.length} fields but the header has ${width}`);
  return {
    header: first.fields,
    rows: records.slice(1).map((r) => r.fields),
    rowLines: records.slice(1).map((r) => r.line),
  };
}

function describe(c: string): string {
  return c === '\r' ? 'carriage return' : `character "${c}"`;
}
