import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NEED_RULE, DEFAULT_SEGMENTATION } from '../../../shared/core/dataProfile/index.ts';
import { costRankThresholdsSql, needRuleSql, segmentColumnsSql } from '../../../cli/data/sql.ts';
import { repoRoot } from '../../support/runCli.ts';

/* The profile's SQL stays portable so it can run on Amazon Athena: every function it calls is ANSI SQL or is
 * listed, with its Athena equivalent, in docs/patient-data.md. */

const ANSI = new Set([
  'SUM',
  'COUNT',
  'MIN',
  'MAX',
  'CAST',
  'COALESCE',
  'NULLIF',
  'TRIM',
  'UPPER',
  'FLOOR',
  'EXTRACT',
  'LN',
  'ROW_NUMBER',
  'CUME_DIST',
  'PERCENTILE_DISC',
  'GROUPING',
]);
// Words that are followed by "(" in SQL without being functions: keywords, and the names of tables being created.
const KEYWORDS = new Set([
  'AS',
  'IN',
  'OVER',
  'AND',
  'OR',
  'NOT',
  'FROM',
  'VALUES',
  'GROUP',
  'JOIN',
  'ON',
  'SELECT',
  'WHEN',
  'THEN',
  'ELSE',
  'CASE',
  'WHERE',
  'BY',
  'SETS',
]);

function calls(sql: string): string[] {
  const text = sql.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
  const out: string[] = [];
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
    const name = m[1]!.toUpperCase();
    const before = (/(\w+)\s*$/.exec(text.slice(0, m.index))?.[1] ?? '').toUpperCase();
    if (KEYWORDS.has(name) || before === 'TABLE' || before === 'INTO') continue;
    out.push(name);
  }
  return out;
}

function documented(): Set<string> {
  const doc = readFileSync(join(repoRoot, 'docs', 'patient-data.md'), 'utf8');
  const table = doc.slice(doc.indexOf('| DuckDB | where | Amazon Athena'));
  const names = new Set<string>();
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    for (const m of line.split('|')[1]!.matchAll(/`([A-Za-z_]+)/g)) names.add(m[1]!.toUpperCase());
  }
  return names;
}

describe('portable aggregation SQL', () => {
  const dir = join(repoRoot, 'cli', 'data', 'sql');
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  // The fragments compiled from data, and the SQL written in the adapters' TypeScript.
  const compiled = [
    needRuleSql(DEFAULT_NEED_RULE),
    costRankThresholdsSql(DEFAULT_NEED_RULE),
    ...Object.values(segmentColumnsSql(DEFAULT_SEGMENTATION)),
  ].join('\n');
  // In TypeScript, SQL is written in capitals (TypeScript names are camelCase), DuckDB's readers in lower case.
  const adapterCalls = ['readExtract.ts', 'inputs.ts', 'sql.ts']
    .map((f) => readFileSync(join(repoRoot, 'cli', 'data', f), 'utf8'))
    // Comments (prose) and constructor calls (new URL(...)) are not SQL.
    .map((ts) => ts.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').replace(/\bnew \w+\(/g, ''))
    .flatMap((ts) =>
      [...ts.matchAll(/\b([A-Z][A-Z_]+|read_csv|read_parquet)\s*\(/g)].map((m) => m[1]!.toUpperCase()),
    )
    .filter((n) => !KEYWORDS.has(n));

  it('every function in the SQL files and the compiled fragments is ANSI or documented with its equivalent', () => {
    const allowed = documented();
    expect(allowed).toEqual(
      new Set(['READ_CSV', 'READ_PARQUET', 'TRY_CAST', 'LEAST', 'GREATEST', 'PERCENTILE_DISC']),
    );
    const used = new Set([
      ...files.flatMap((f) => calls(readFileSync(join(dir, f), 'utf8'))),
      ...calls(compiled),
      ...adapterCalls,
    ]);
    const unknown = [...used].filter((n) => !ANSI.has(n) && !allowed.has(n));
    expect(unknown).toEqual([]);
    // The documented ones are really used (the table lists nothing stale).
    for (const n of ['TRY_CAST', 'LEAST', 'GREATEST', 'PERCENTILE_DISC', 'READ_CSV', 'READ_PARQUET'])
      expect(used).toContain(n);
  });

  it('the scanner finds calls, and ignores comments, strings and the names of created tables', () => {
    expect(calls("CREATE TABLE t (a INT); -- foo(x)\nSELECT SUM(x), 'bar(' FROM u WHERE y IN (1)")).toEqual([
      'SUM',
    ]);
  });
});
