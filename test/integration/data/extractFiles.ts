import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/* Hand-written extracts for the DuckDB tests: every row is there for a reason (the comments say which). Person
 * ids are distinctive tokens ("pid_...") so a test can search every output for them. */

export const BOM = '\ufeff';

const made: string[] = [];

/** A fresh temporary directory, removed by cleanTempDirs (call it in afterAll). */
export function tempDir(prefix = 'pacs-data-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** NHS England's practice file layout, two practices of one ICB (need indices 1.25 and 0.75 of the ICB). */
export function practiceFile(dir: string): string {
  const header =
    'Practice_Code,GP_Practice_Name,Practice_Postcode,Latitude,Longitude,CCG21,Former CCG,PCN_Code,PCN_Name,LOC22,LOC22name,ICS22,ICS22name,R22,Region22,LAD21,LTLA21,LA21,UTLA21,Patients,pop 2022/23,G&A WP,CS WP,MH WP,Mat WP,Health Ineq WP,Prescr WP,Final WP,Primary Medical Care WP,Final PMC WP';
  const row = (code: string, name: string, pcn: string, pop: number, wp: number) =>
    `${code},"${name}",AA1 1AA,0,0,X,X,${pcn},"${pcn} Network",,,QXX,NHS Test ICB,R,Region,E1,Place,E1,Place,,${pop},${wp},${wp},${wp},${wp},${wp},${wp},${wp},${wp},${wp}`;
  return write(
    dir,
    'practices.csv',
    [header, row('P001', 'One, Surgery', 'U01', 1000, 1250), row('P002', 'Two', 'U02', 1000, 750)].join('\n'),
  );
}

/** One people row per check (comments: the reason, or "ok"). */
export const PEOPLE_ROWS = [
  'person_id,practice_code,age,sex,imd_quintile,ltc_count,registered_from,registered_to',
  'pid_a1,P001,34,F,3,0,,', // ok
  'pid_a2,P001,70,M,1,3,,', // ok
  'pid_a3,P002,5,F,5,,2024-10-01,', // ok: registered half-way through 2024/25
  'pid_a4,p002,90,female,2,5,,', // ok: practice and sex spelt loosely
  'pid_b1,P009,40,M,3,0,,', // unknown_practice
  'pid_b2,P001,,M,3,0,,', // missing_age
  'pid_b3,P001,150,M,3,0,,', // invalid_age
  'pid_b4,P001,40,X,3,0,,', // invalid_sex
  'pid_b5,P001,40,F,9,0,,', // invalid_imd
  'pid_b6,P001,pid_a1,F,3,0,,', // invalid_age (reader, line 11): the value is an id, so never shown
  'pid_b7,P001,40,F,3,2,2025-01-01,2024-01-01', // invalid_registration
  'pid_d1,P001,40,F,3,0,,', // duplicate_person
  'pid_d1,P002,41,F,3,0,,', // duplicate_person
  'pid_a5,P001,50,F,4,1,,,1234567890', // malformed_row (line 15): too many fields
];

/** Activity rows, first file (CSV). */
export const ACTIVITY_CSV_ROWS = [
  'person_id,activity_date,setting,cost,urgent',
  'pid_a1,2024-05-01,GP,40,', // ok
  'pid_a1,2024-06-01,ae,150.5,Y', // ok: setting spelt loosely; urgent
  'pid_a2,2024-07-01,NEL,2500,', // ok
  'pid_a2,2023-07-01,GP,30,', // ok: the earlier year
  'pid_a3,2024-11-01,OP_FU,120,', // ok
  'pid_a3,2024-05-01,GP,40,', // outside_registration
  'pid_a4,2025-01-01,CHC,9000,', // ok
  'pid_z9,2024-05-01,GP,40,', // unknown_person
  'pid_b2,2024-05-01,GP,40,', // person_rejected
  'pid_d1,2024-05-01,GP,40,', // person_rejected
  'pid_a1,2024-02-30,GP,40,', // invalid_date (reader, line 12)
  'pid_a1,2024-05-01,GP,abc,', // invalid_cost (reader, line 13)
];

/** Activity rows, second file (Parquet with text columns, so bad values reach the SQL checks). */
export const ACTIVITY_PARQUET_ROWS = [
  ['pid_a1', '', 'GP', '40', ''], // invalid_date (missing)
  ['pid_a1', '2024-05-01', 'GP', '', ''], // missing_cost
  ['pid_a1', '2024-05-01', 'GP', '12,5', ''], // invalid_cost
  ['pid_a1', '2024-05-01', 'GP', '-5', ''], // negative_cost
  ['pid_a1', '2024-05-01', '', '40', ''], // missing_setting
  ['pid_a1', '2024-05-01', 'XYZ', '40', ''], // unmapped_setting
  ['pid_a1', '2024-05-01', 'GP', '40', 'maybe'], // invalid_urgent_flag
  ['', '2024-05-01', 'GP', '40', ''], // missing_person_id
];

export async function writeParquet(path: string, header: string[], rows: string[][]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const literal = (v: string) => (v === '' ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
  try {
    await c.run(
      `COPY (SELECT * FROM (VALUES ${rows.map((r) => `(${r.map(literal).join(', ')})`).join(', ')}) t(${header.join(', ')})) TO '${path}' (FORMAT parquet)`,
    );
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** The bad extract: people (CSV with a byte-order mark), activity in a CSV and a Parquet file. */
export async function badExtract(): Promise<{ dir: string; extract: string; practices: string }> {
  const dir = tempDir();
  const extract = join(dir, 'extract');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(extract);
  write(extract, 'people.csv', `${BOM}${PEOPLE_ROWS.join('\n')}\n`);
  write(extract, 'activity-1.csv', `${ACTIVITY_CSV_ROWS.join('\n')}\n`);
  await writeParquet(
    join(extract, 'activity-2.parquet'),
    ['person_id', 'activity_date', 'setting', 'cost', 'urgent'],
    ACTIVITY_PARQUET_ROWS,
  );
  return { dir, extract, practices: practiceFile(dir) };
}

/** Every person id in the bad extract. */
export const ALL_IDS = [
  ...new Set([
    ...PEOPLE_ROWS.slice(1).map((r) => r.split(',')[0]!),
    ...ACTIVITY_CSV_ROWS.slice(1).map((r) => r.split(',')[0]!),
    ...ACTIVITY_PARQUET_ROWS.map((r) => r[0]!).filter((v) => v !== ''),
  ]),
];
