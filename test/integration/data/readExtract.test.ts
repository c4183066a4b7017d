import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataOptions } from '../../../cli/data/options.ts';
import { readExtract } from '../../../cli/data/readExtract.ts';
import type { ExtractAggregates } from '../../../shared/core/dataProfile/index.ts';
import { generateExtract } from '../../../scripts/synth/generate.ts';
import { badExtract, cleanTempDirs, tempDir, write } from './extractFiles.ts';

const read = (paths: string[], options: Record<string, string | true> = {}) =>
  readExtract(paths, dataOptions({ threads: '2', memory: '1GB', ...options }).read);

const reasons = (q: ExtractAggregates['quality']['people']) =>
  Object.fromEntries(q.rejections.map((r) => [r.reason, r.rows]));

afterAll(cleanTempDirs);

describe('reading an extract with DuckDB', () => {
  it('every row is accepted or counted under the first check it fails, with examples and no person id', async () => {
    const { extract, practices } = await badExtract();
    const a = await read([extract], { practices, icb: 'QXX', 'max-rejected': '1' });
    const q = a.quality;
    expect(reasons(q.people)).toEqual({
      malformed_row: 1,
      duplicate_person: 2,
      unknown_practice: 1,
      missing_age: 1,
      invalid_age: 2,
      invalid_sex: 1,
      invalid_imd: 1,
      invalid_registration: 1,
    });
    expect(q.people).toMatchObject({ rowsRead: 14, rowsAccepted: 4, rowsRejected: 10 });
    expect(reasons(q.activity)).toEqual({
      missing_person_id: 1,
      unknown_person: 1,
      person_rejected: 2,
      invalid_date: 2,
      outside_registration: 1,
      missing_cost: 1,
      invalid_cost: 2,
      negative_cost: 1,
      missing_setting: 1,
      unmapped_setting: 1,
      invalid_urgent_flag: 1,
    });
    expect(q.activity).toMatchObject({ rowsRead: 20, rowsAccepted: 6, rowsRejected: 14 });

    const examples = (kind: 'people' | 'activity', reason: string) =>
      q[kind].rejections.find((r) => r.reason === reason)!.examples;
    expect(examples('people', 'malformed_row')).toEqual([{ file: 'people.csv', line: 15 }]);
    expect(examples('people', 'unknown_practice')).toEqual([{ file: 'people.csv', value: 'P009' }]);
    // The unreadable age on line 11 is a person id: the reader's line is shown, the value never.
    expect(examples('people', 'invalid_age')).toEqual(
      expect.arrayContaining([
        { file: 'people.csv', value: '150.0' },
        { file: 'people.csv', line: 11, value: '(withheld: equals a person id)' },
      ]),
    );
    expect(examples('activity', 'invalid_cost')).toEqual(
      expect.arrayContaining([
        { file: 'activity-1.csv', line: 13, value: 'abc' },
        { file: 'activity-2.parquet', value: '12,5' },
      ]),
    );
    expect(examples('activity', 'unmapped_setting')).toEqual([{ file: 'activity-2.parquet', value: 'XYZ' }]);
    expect(examples('activity', 'unknown_person')).toEqual([{ file: 'activity-1.csv' }]);
    expect(JSON.stringify(q)).not.toMatch(/pid_/);
    expect(q.passed).toBe(true);
  });

  it('person-years, years, levels of need, practices and settings of the accepted rows', async () => {
    const { extract, practices } = await badExtract();
    const a = await read([extract], { practices, 'max-rejected': '1' });
    expect(a.years).toEqual(['2023/24', '2024/25']);
    const level = (year: string, n: number) => a.levelYears.find((r) => r.year === year && r.level === n);
    // 2024/25: pid_a4 top cost and 5 LTCs (4), pid_a2 3 LTCs (3), pid_a1 an urgent A&E contact (2), pid_a3 (1)
    // registered from 1 October: 182 of 365 days.
    expect(level('2024/25', 4)).toMatchObject({ people: 1, personYears: 1, spend: 9_000 });
    expect(level('2024/25', 3)).toMatchObject({ people: 1, spend: 2_500 });
    expect(level('2024/25', 2)).toMatchObject({ people: 1, spend: 190.5 });
    expect(level('2024/25', 1)!.personYears).toBeCloseTo(182 / 365, 12);
    // 2023/24: pid_a3 not yet registered; pid_a2's 30 is the top 2% of three people.
    expect(level('2023/24', 4)).toMatchObject({ people: 2, spend: 30 });
    expect(level('2023/24', 1)).toMatchObject({ people: 1, spend: 0 });
    const a3 = a.segmentYears.find((r) => r.year === '2024/25' && r.key.band === 1);
    expect(a3).toMatchObject({ key: { band: 1, sex: 'F', imd: 5, need: 1 }, people: 1, spend: 120 });
    expect(a3!.sumSquares).toBeCloseTo(120 ** 2 / (182 / 365), 9);
    expect(a.practices).toEqual([
      { code: 'P001', name: 'One, Surgery', pcnCode: 'U01', pcnName: 'U01 Network', needIndex: 1.25 },
      { code: 'P002', name: 'Two', pcnCode: 'U02', pcnName: 'U02 Network', needIndex: 0.75 },
    ]);
    expect(a.settings.sort((x, y) => (x.code < y.code ? -1 : 1))).toEqual([
      { code: 'AE', users: 1, events: 1, spend: 150.5 },
      { code: 'CHC', users: 1, events: 1, spend: 9_000 },
      { code: 'GP', users: 1, events: 1, spend: 40 },
      { code: 'NEL', users: 1, events: 1, spend: 2_500 },
      { code: 'OP_FU', users: 1, events: 1, spend: 120 },
    ]);
    expect(a.quality.warnings.join(' ')).toMatch(/2023\/24 has activity in 1 month/);
  });

  it('--years limits the profile; rows dated outside it are counted, not dropped', async () => {
    const { extract, practices } = await badExtract();
    const a = await read([extract], { practices, 'max-rejected': '1', years: '2024/25' });
    expect(a.years).toEqual(['2024/25']);
    expect(reasons(a.quality.activity).outside_years).toBe(1);
  });

  it('renamed columns (mapping file), condition flags, IMD deciles and an LSOA lookup', async () => {
    const dir = tempDir();
    const mapping = write(
      dir,
      'mapping.json',
      JSON.stringify({
        mappingVersion: 1,
        columns: {
          people: {
            person_id: 'PseudoID',
            practice_code: 'GPPractice',
            age: 'Age',
            sex: 'Gender',
            imd_decile: 'IMDDecile',
          },
          activity: { person_id: 'PseudoID', activity_date: 'Date', setting: 'POD', cost: 'CostGBP' },
          ltcFlags: ['Asthma', 'COPD'],
        },
        settings: [{ code: 'GPC', line: 'gp', category: 'core_primary_medical' }],
      }),
    );
    const lsoa = write(dir, 'lsoa.csv', 'LSOA11CD,IMD Decile\nE01000001,7\nE01000002,2\n');
    const ex = join(dir, 'x');
    (await import('node:fs')).mkdirSync(ex);
    write(
      ex,
      'people.csv',
      'PseudoID,GPPractice,Age,Gender,IMDDecile,lsoa,Asthma,COPD\npid_1,P1,30,1,9,,Y,1\npid_2,P1,40,2,,E01000002,N,0\npid_3,P1,50,2,,E09999999,0,0\npid_4,P1,60,2,3,,maybe,0\n',
    );
    write(
      ex,
      'activity.csv',
      'PseudoID,Date,POD,CostGBP\npid_1,2024-06-01,GPC,10\npid_2,2024-06-01,gpc,20\n',
    );
    const a = await read([ex], { mapping, 'lsoa-imd': lsoa, 'max-rejected': '1' });
    expect(reasons(a.quality.people)).toEqual({ unknown_lsoa: 1, invalid_ltc: 1 });
    const cells = a.segmentYears.map((r) => r.key);
    // pid_1: decile 9 -> quintile 5, male, 2 conditions -> level 3; pid_2: LSOA decile 2 -> quintile 1, female,
    // the higher cost of the two -> level 4 (top 2%).
    expect(cells).toContainEqual({ band: 2, sex: 'M', imd: 5, need: 3 });
    expect(cells).toContainEqual({ band: 2, sex: 'F', imd: 1, need: 4 });
    expect(a.segmentLineYears.map((r) => r.line)).toEqual(['gp', 'gp']);
  });

  it('CSV with or without a byte-order mark, one or several files, and Parquet give the same aggregates', async () => {
    const base = { icb: 'QOC', people: 1_500, seed: 11, years: ['2023/24', '2024/25'], bad: 0 } as const;
    const dirs = [tempDir(), tempDir(), tempDir()];
    await generateExtract({
      ...base,
      out: dirs[0]!,
      format: 'csv',
      bom: false,
      split: 'none',
      peopleFiles: 1,
    });
    await generateExtract({
      ...base,
      out: dirs[1]!,
      format: 'csv',
      bom: true,
      split: 'month',
      peopleFiles: 3,
    });
    await generateExtract({
      ...base,
      out: dirs[2]!,
      format: 'parquet',
      bom: false,
      split: 'year',
      peopleFiles: 2,
    });
    const [one, many, parquet] = await Promise.all(dirs.map((d) => read([d])));
    for (const other of [many!, parquet!]) {
      expect(other.quality.activity.rowsRead).toBe(one!.quality.activity.rowsRead);
      expect(sorted(other.segmentYears)).toEqual(closeTo(sorted(one!.segmentYears)));
      expect(sorted(other.segmentLineYears)).toEqual(closeTo(sorted(one!.segmentLineYears)));
      expect(other.distribution.tail).toEqual(closeTo(one!.distribution.tail));
    }
    expect(many!.files.filter((f) => f.kind === 'activity')).toHaveLength(24);
  });

  it('a file that is neither people nor activity is refused, naming its safe columns only', async () => {
    const dir = tempDir();
    write(dir, 'people.csv', 'person_id,practice_code,age,sex\npid_1,P1,30,F\n');
    write(dir, 'noheader.csv', 'pid_9,2024-01-01,GP,40\n');
    await expect(read([dir])).rejects.toThrow(
      /noheader\.csv: cannot tell .* its columns are "GP" and 3 not shown/,
    );
  });
});

function sorted<T extends object>(rows: T[]): T[] {
  return rows.slice().sort((a, b) => (JSON.stringify(keyOf(a)) < JSON.stringify(keyOf(b)) ? -1 : 1));
}
function keyOf(r: object): unknown {
  const x = r as Record<string, unknown>;
  return [x.year, x.key, x.line];
}
/** Sums in a different order differ in the last bits: numbers compared to 1e-9 relative. */
function closeTo<T>(value: T): T {
  if (typeof value === 'number')
    return expect.closeTo(value, Math.max(0, 9 - Math.ceil(Math.log10(Math.abs(value) + 1)))) as T;
  if (Array.isArray(value)) return value.map(closeTo) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closeTo(v)])) as T;
  return value;
}
