import { ValidationError } from '../../shared/core/base/index.ts';
import {
  type ExtractAggregates,
  type NeedRule,
  type PracticeInfo,
  type RawRejections,
  type RejectionExample,
  type ResolvedMapping,
  type SegmentKey,
  type Segmentation,
  qualityReport,
} from '../../shared/core/dataProfile/index.ts';
import { DataReadError, DuckSession, type Row } from './duck.ts';
import { type InputFile, describeInputs, fileSource, ltcFlagsSql } from './inputs.ts';
import type { ReferencePractices } from './practices.ts';
import { type Progress, silentProgress } from './progress.ts';
import { exampleValue, sqlString } from './safeText.ts';
import {
  costRankThresholdsSql,
  fillSql,
  needRuleSql,
  segmentColumnsSql,
  sqlNumber,
  sqlTemplate,
} from './sql.ts';

/* Reads a linked pseudonymised extract with DuckDB and returns its aggregates: the only thing that leaves this
 * function. Steps: people files -> checked people; activity files, one at a time -> checked activity, summed per
 * person, year and setting; person-years
 * and levels of need per person and year; GROUP BY queries for every table of the profile. Patient rows stay in
 * DuckDB's memory (and its private spill directory) and are gone when the session closes. */

export interface ReadOptions {
  mapping: ResolvedMapping;
  needRule: NeedRule;
  segmentation: Segmentation;
  /** Financial years to profile ("2023/24"); default: every year with accepted activity. */
  years?: string[];
  practices?: ReferencePractices;
  lsoaImd?: { lsoa: string; decile: number }[];
  tailQuantile: number;
  attachments: number[];
  maxRejectedShare: number;
  threads: number;
  memoryLimit: string;
  progress?: Progress;
}

export const FIT_PERCENTILES = [0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999];
const TOP_SHARES = [0.01, 0.05, 0.5];
const EXAMPLES = 3;

const PEOPLE_TYPES = {
  person_id: 'VARCHAR',
  practice_code: 'VARCHAR',
  age: 'DOUBLE',
  sex: 'VARCHAR',
  imd_quintile: 'DOUBLE',
  imd_decile: 'DOUBLE',
  lsoa: 'VARCHAR',
  ltc_count: 'DOUBLE',
  registered_from: 'DATE',
  registered_to: 'DATE',
} as const;
const ACTIVITY_TYPES = {
  person_id: 'VARCHAR',
  activity_date: 'DATE',
  setting: 'VARCHAR',
  cost: 'DOUBLE',
  urgent: 'VARCHAR',
} as const;
/** Reader-level rejections (a value the CSV reader cannot parse as its type) by canonical column. */
const READER_REASON: Record<string, string> = {
  age: 'invalid_age',
  imd_quintile: 'invalid_imd',
  imd_decile: 'invalid_imd',
  ltc_count: 'invalid_ltc',
  registered_from: 'invalid_registration',
  registered_to: 'invalid_registration',
  activity_date: 'invalid_date',
  cost: 'invalid_cost',
};

export const fyLabel = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
export const fyStart = (label: string) => Number(label.slice(0, 4));

export async function readExtract(
  paths: readonly string[],
  options: ReadOptions,
): Promise<ExtractAggregates> {
  const progress = options.progress ?? silentProgress;
  const session = await DuckSession.open({
    threads: options.threads,
    memoryLimit: options.memoryLimit,
    progress: options.progress !== undefined,
  });
  try {
    return await profileSession(session, paths, options, progress);
  } finally {
    session.close();
  }
}

async function profileSession(
  s: DuckSession,
  paths: readonly string[],
  o: ReadOptions,
  progress: Progress,
): Promise<ExtractAggregates> {
  progress.stage('reading file headers');
  const files = await describeInputs(paths, o.mapping, s);
  await referenceTables(s, o);

  // People.
  progress.stage('reading people');
  await s.run(sqlTemplate('people_raw'), 'creating the people table');
  const readerRejections: { people: ReaderRejection[]; activity: ReaderRejection[] } = {
    people: [],
    activity: [],
  };
  const people = files.filter((f) => f.kind === 'people');
  const activity = files.filter((f) => f.kind === 'activity');
  const totalBytes = files.reduce((a, f) => a + f.bytes, 0);
  let bytesDone = 0;
  for (const [i, file] of people.entries()) {
    progress.file(i, files.length, file.name, bytesDone, totalBytes);
    const rejects = `rej_people_${i}`;
    const wanted = Object.entries(PEOPLE_TYPES).map(([canonical, type]) => ({
      canonical,
      local: o.mapping.columns.people[canonical as keyof typeof PEOPLE_TYPES],
      type,
    }));
    requireColumns(file, ['person_id', 'practice_code', 'age', 'sex'], o.mapping.columns.people);
    const source = fileSource(file, wanted, ltcFlagsSql(file, o.mapping.ltcFlags), rejects);
    const columns = [
      'person_id',
      'practice_code',
      'age',
      'age_bad',
      'sex',
      'imd_quintile',
      'imd_quintile_bad',
      'imd_decile',
      'imd_decile_bad',
      'lsoa',
      'ltc_count',
      'ltc_count_bad',
      'ltc_flags_present',
      'ltc_flag_sum',
      'registered_from',
      'registered_from_bad',
      'registered_to',
      'registered_to_bad',
    ];
    await s.run(
      `INSERT INTO people_raw (source_file, ${columns.join(', ')}) SELECT ${sqlString(file.name)} AS source_file, ${columns.join(', ')} FROM (${source}) src`,
      `reading ${file.name}`,
    );
    if (file.format === 'csv')
      readerRejections.people.push(
        ...(await takeReaderRejections(s, file, rejects, o.mapping.columns.people)),
      );
    bytesDone += file.bytes;
  }
  await chooseIcbPractices(s, o);
  progress.stage('checking people');
  await s.run(
    fillSql('people_checked', {
      unknown_practice: o.practices ? 'practice_code NOT IN (SELECT code FROM practices_ref)' : 'FALSE',
      imd_required: o.segmentation.byImd ? 'TRUE' : 'FALSE',
    }),
    'checking people',
  );

  // Activity: every file in one pass (one hash table of the people for the join), with DuckDB's own progress;
  // each CSV file's unreadable rows recorded with their lines.
  const years = o.years?.map(fyStart);
  const activityWanted = Object.entries(ACTIVITY_TYPES).map(([canonical, type]) => ({
    canonical,
    local: o.mapping.columns.activity[canonical as keyof typeof ACTIVITY_TYPES],
    type,
  }));
  const sources = activity.map((file, i) => {
    requireColumns(file, ['person_id', 'activity_date', 'setting', 'cost'], o.mapping.columns.activity);
    return fileSource(file, activityWanted, [`CAST(${i} AS SMALLINT) AS file_index`], `rej_activity_${i}`);
  });
  await s.run('CREATE TABLE activity_files (file_index INTEGER, name VARCHAR)', 'reference tables');
  await s.append(
    'activity_files',
    activity.map((f, i) => [i, f.name]),
    'reference tables',
  );
  progress.stage(`reading ${activity.length} activity file(s)`);
  await s.run(
    fillSql('activity_checked', {
      sources: sources.join('\n  UNION ALL\n  '),
      outside_years: years ? `fy NOT IN (${years.join(', ')})` : 'FALSE',
    }),
    'reading activity',
    (pct) => progress.stage(`reading ${activity.length} activity file(s): ${pct}%`),
  );
  for (const [i, file] of activity.entries())
    if (file.format === 'csv')
      readerRejections.activity.push(
        ...(await takeReaderRejections(s, file, `rej_activity_${i}`, o.mapping.columns.activity)),
      );

  // Profile years.
  progress.stage('person-years and levels of need');
  const months = await s.rows(sqlTemplate('months'), 'counting months of activity');
  const found = months.map((r) => Number(r.fy)).sort((a, b) => a - b);
  const profileYears = years ?? found;
  if (profileYears.length === 0)
    throw new ValidationError([
      { field: 'EXTRACT', message: 'no activity row was accepted, so there is no year to profile' },
    ]);
  const warnings: string[] = [];
  for (const r of months)
    if (Number(r.months) < 12)
      warnings.push(
        `${fyLabel(Number(r.fy))} has activity in ${r.months} month(s) only: if the year is incomplete, leave it out with --years`,
      );
  await s.run(
    'CREATE TABLE profile_years (fy INTEGER, fy_start DATE, fy_end DATE, fy_days INTEGER)',
    'years',
  );
  await s.run(
    `INSERT INTO profile_years VALUES ${profileYears
      .map((y) => `(${y}, DATE '${y}-04-01', DATE '${y + 1}-03-31', ${isLeap(y + 1) ? 366 : 365})`)
      .join(', ')}`,
    'years',
  );
  const base = Math.max(...profileYears);
  await s.run(fillSql('person_year', { base_fy: base }), 'person-years');
  await s.run(
    `CREATE TABLE cost_rank_thresholds AS ${fillSql('cost_rank_thresholds', { threshold_columns: costRankThresholdsSql(o.needRule) })}`,
    'cost ranks',
  );
  await s.run(
    fillSql('person_level', { need_rule: needRuleSql(o.needRule), ...segmentColumnsSql(o.segmentation) }),
    'levels of need',
  );

  progress.stage('aggregating');
  const keyOf = (r: Row): SegmentKey => ({
    band: Number(r.band),
    sex: r.seg_sex === null ? null : (String(r.seg_sex) as 'F' | 'M'),
    imd: r.seg_imd === null ? null : Number(r.seg_imd),
    need: r.seg_need === null ? null : Number(r.seg_need),
  });
  const year = (r: Row) => fyLabel(Number(r.fy));
  const personSums = await s.rows(sqlTemplate('person_sums'), 'aggregating people');
  const segmentYears = personSums
    .filter((r) => r.not_by_level === 1 && r.not_by_practice === 1)
    .map((r) => ({
      year: year(r),
      key: keyOf(r),
      people: Number(r.people),
      personYears: Number(r.person_years),
      spend: Number(r.spend),
      events: Number(r.events),
      zeroPersonYears: Number(r.zero_person_years),
      sumSquares: Number(r.sum_squares),
    }));
  const levelYears = personSums
    .filter((r) => r.not_by_level === 0)
    .map((r) => ({
      year: year(r),
      level: Number(r.need),
      people: Number(r.people),
      personYears: Number(r.person_years),
      spend: Number(r.spend),
    }));
  const practiceSegments = personSums
    .filter((r) => r.not_by_practice === 0 && Number(r.fy) === base)
    .map((r) => ({
      practice: String(r.practice_code),
      key: keyOf(r),
      people: Number(r.people),
      personYears: Number(r.person_years),
      spend: Number(r.spend),
    }));
  const lineSums = await s.rows(sqlTemplate('line_sums'), 'aggregating lines');
  const segmentLineYears = lineSums
    .filter((r) => r.not_by_practice === 1)
    .map((r) => ({
      year: year(r),
      key: keyOf(r),
      line: String(r.line),
      users: Number(r.users),
      events: Number(r.events),
      spend: Number(r.spend),
    }));
  const practiceLines = lineSums
    .filter((r) => r.not_by_practice === 0 && Number(r.fy) === base)
    .map((r) => ({
      practice: String(r.practice_code),
      line: String(r.line),
      users: Number(r.users),
      events: Number(r.events),
      spend: Number(r.spend),
    }));
  const settings = (await s.rows(fillSql('settings', { base_fy: base }), 'aggregating settings')).map(
    (r) => ({
      code: String(r.code),
      users: Number(r.users),
      events: Number(r.events),
      spend: Number(r.spend),
    }),
  );

  progress.stage('cost distribution');
  const distribution = await costDistribution(s, base, o);

  progress.stage('checking the accounts');
  await reconcile(s, segmentYears);
  const quality = qualityReport(
    await rejections(
      s,
      'people_checked',
      '1',
      'SELECT COUNT(*) AS n FROM people_checked',
      readerRejections.people,
    ),
    await rejections(
      s,
      'activity_rejected',
      'row_count',
      'SELECT (SELECT COALESCE(SUM(events), 0) FROM activity_agg) + (SELECT COALESCE(SUM(row_count), 0) FROM activity_rejected) AS n',
      readerRejections.activity,
    ),
    o.maxRejectedShare,
    warnings,
  );
  const practiceCodes = [...new Set(practiceSegments.map((p) => p.practice))].sort();
  return {
    years: profileYears.map(fyLabel),
    files: files.map((f) => ({ name: f.name, kind: f.kind, format: f.format, bytes: f.bytes })),
    quality,
    segmentYears,
    segmentLineYears,
    levelYears,
    practiceSegments,
    practiceLines,
    settings,
    distribution,
    practices: practiceInfo(practiceCodes, o.practices),
    ...(o.practices ? { needIndexSource: o.practices.source } : {}),
  };
}

function requireColumns(file: InputFile, required: string[], names: Record<string, string>) {
  const missing = required.filter(
    (c) => !file.columns.some((x) => x.name.toLowerCase() === names[c]!.toLowerCase()),
  );
  if (missing.length > 0)
    throw new ValidationError([
      {
        field: 'EXTRACT',
        message: `${file.name} (${file.kind}) has no column ${missing.map((c) => `"${names[c]}"`).join(', ')}`,
      },
    ]);
}

async function referenceTables(s: DuckSession, o: ReadOptions) {
  await s.run(
    'CREATE TABLE settings_map (setting_id INTEGER, code VARCHAR, line VARCHAR, urgent BOOLEAN, ongoing BOOLEAN)',
    'reference tables',
  );
  await s.append(
    'settings_map',
    o.mapping.settings.map((x, i) => [i, x.code, x.line, x.urgent, x.ongoing]),
    'loading the mapping',
  );
  await s.run('CREATE TABLE practices_ref (code VARCHAR)', 'reference tables');
  await s.run('CREATE TABLE lsoa_imd (lsoa VARCHAR, imd_decile INTEGER)', 'reference tables');
  if (o.lsoaImd)
    await s.append(
      'lsoa_imd',
      o.lsoaImd.map((r) => [r.lsoa.toUpperCase(), r.decile]),
      'loading LSOA lookup',
    );
}

/** Valid practices: the chosen ICB's, or (no --icb) the ICB holding most of the extract's people, plus, without
 *  --icb, every practice in England (so an out-of-area registration is not an error). */
async function chooseIcbPractices(s: DuckSession, o: ReadOptions) {
  const ref = o.practices;
  if (!ref) return;
  if (!ref.icbChosen) {
    const counts = await s.rows(
      'SELECT UPPER(TRIM(practice_code)) AS code, COUNT(*) AS n FROM people_raw GROUP BY UPPER(TRIM(practice_code))',
      'counting people by practice',
    );
    ref.inferIcb(counts.map((r) => ({ code: String(r.code), people: Number(r.n) })));
  }
  await s.append(
    'practices_ref',
    ref.validCodes().map((c) => [c]),
    'loading practices',
  );
}

interface ReaderRejection {
  reason: string;
  example: RejectionExample;
}

/** Rows the CSV reader could not read (one per line: a structural error wins over a value that is not its type),
 *  then the rejects tables are dropped (they hold raw lines). */
async function takeReaderRejections(
  s: DuckSession,
  file: InputFile,
  table: string,
  names: Record<string, string>,
): Promise<ReaderRejection[]> {
  const rows = await s.rows(
    `SELECT line, column_name, error_type, error_message FROM ${table} ORDER BY line`,
    `reading the rejected rows of ${file.name}`,
  );
  await s.run(`DROP TABLE ${table}; DROP TABLE ${table}_scan`, 'dropping rejected rows');
  const canonicalOf = new Map(
    Object.entries(names).map(([canonical, local]) => [local.toLowerCase(), canonical]),
  );
  const byLine = new Map<number, ReaderRejection>();
  for (const r of rows) {
    const line = Number(r.line);
    const cast = String(r.error_type) === 'CAST';
    const canonical =
      cast && r.column_name !== null ? canonicalOf.get(String(r.column_name).toLowerCase()) : undefined;
    const reason = (canonical && READER_REASON[canonical]) || 'malformed_row';
    const known = byLine.get(line);
    if (known && (known.reason === 'malformed_row' || reason !== 'malformed_row')) continue;
    const value =
      reason === 'malformed_row' ? undefined : /string "(.*)" to '/.exec(String(r.error_message))?.[1];
    byLine.set(line, {
      reason,
      example: { file: file.name, line, ...(value === undefined ? {} : { value }) },
    });
  }
  return [...byLine.values()];
}

async function costDistribution(
  s: DuckSession,
  base: number,
  o: ReadOptions,
): Promise<ExtractAggregates['distribution']> {
  const ps = [...new Set([...FIT_PERCENTILES, o.tailQuantile])].sort((a, b) => a - b);
  const columns = [
    ...ps.map(
      (p, i) =>
        `MIN(CASE WHEN at_or_below >= ${sqlNumber(p)} * total_person_years - 1e-9 THEN annualised END) AS p${i}`,
    ),
    ...TOP_SHARES.flatMap((q, i) => {
      const inTop = `total_person_years - at_or_below < ${sqlNumber(q)} * total_person_years`;
      return [
        `SUM(CASE WHEN ${inTop} THEN cost ELSE 0 END) / MAX(total_cost) AS s${i}`,
        `SUM(CASE WHEN ${inTop} THEN 1 ELSE 0 END) AS n${i}`,
      ];
    }),
  ];
  const dist = (
    await s.rows(
      fillSql('cost_distribution', { base_fy: base, columns: columns.join(', ') }),
      'percentiles and concentration',
    )
  )[0]!;
  const values = ps.map((_, i) => Number(dist[`p${i}`] ?? 0));
  const aRow = (
    await s.rows(
      fillSql('above', {
        base_fy: base,
        above_columns: values
          .map((v, i) => `SUM(CASE WHEN cost / person_years > ${sqlNumber(v)} THEN 1 ELSE 0 END) AS a${i}`)
          .join(', '),
      }),
      'people above percentiles',
    )
  )[0]!;
  const sRow = dist;
  const threshold = values[ps.indexOf(o.tailQuantile)]!;
  const usable = threshold > 0;
  const dRow = (
    await s.rows(
      fillSql('distribution', {
        base_fy: base,
        threshold: sqlNumber(usable ? threshold : Number.MAX_VALUE / 4),
        attachment_columns: o.attachments
          .map(
            (a, i) =>
              `, SUM(CASE WHEN cost > ${sqlNumber(a)} THEN 1 ELSE 0 END) AS at${i}, SUM(CASE WHEN cost > ${sqlNumber(a)} THEN cost - ${sqlNumber(a)} ELSE 0 END) AS ax${i}`,
          )
          .join(''),
      }),
      'tail and stop-loss attachments',
    )
  )[0]!;
  return {
    people: Number(dRow.people),
    personYears: Number(dRow.person_years),
    spend: Number(dRow.spend),
    zeroPersonYears: Number(dRow.zero_person_years),
    percentiles: FIT_PERCENTILES.map((p) => {
      const i = ps.indexOf(p);
      return { p, value: values[i]!, peopleAbove: Number(aRow[`a${i}`] ?? 0) };
    }),
    topShares: TOP_SHARES.map((q, i) => ({
      q,
      share: Number(sRow[`s${i}`] ?? 0),
      people: Number(sRow[`n${i}`] ?? 0),
    })),
    tail: {
      quantile: o.tailQuantile,
      threshold,
      people: Number(dRow.tail_people),
      personYears: Number(dRow.tail_person_years),
      sumLogExcess: Number(dRow.tail_log_excess),
    },
    attachments: o.attachments.map((attachment, i) => ({
      attachment,
      people: Number(dRow[`at${i}`]),
      excess: Number(dRow[`ax${i}`]),
    })),
  };
}

/** Every accepted pound is in exactly one segment: a check that no join dropped or doubled anything. */
async function reconcile(s: DuckSession, segmentYears: { spend: number }[]) {
  const row = (
    await s.rows(
      'SELECT COALESCE(SUM(cost), 0) AS spend FROM activity_agg WHERE fy IN (SELECT fy FROM profile_years)',
      'reconciling spend',
    )
  )[0]!;
  const accepted = Number(row.spend);
  const segmented = segmentYears.reduce((a, r) => a + r.spend, 0);
  if (Math.abs(accepted - segmented) > 1e-6 * Math.max(1, accepted))
    throw new DataReadError(
      `reconciling spend: accepted activity adds up to ${accepted} but the segments to ${segmented} (an internal error; please report it)`,
    );
}

async function rejections(
  s: DuckSession,
  table: string,
  rowsColumn: string,
  totalSql: string,
  reader: ReaderRejection[],
): Promise<RawRejections> {
  const total = Number((await s.rows(totalSql, 'counting rows'))[0]!.n);
  const rows = await s.rows(fillSql('rejections', { table, rows: rowsColumn }), 'reporting rejected rows');
  const byReason = new Map<string, { reason: string; rows: number; examples: RejectionExample[] }>();
  for (const r of rows) {
    const reason = String(r.reason);
    const entry = byReason.get(reason) ?? { reason, rows: Number(r.rows_rejected), examples: [] };
    if (r.source_file !== null && r.source_file !== undefined) {
      const value = r.bad_value === null || r.bad_value === undefined ? undefined : String(r.bad_value);
      entry.examples.push({ file: String(r.source_file), ...(value === undefined ? {} : { value }) });
    }
    byReason.set(reason, entry);
  }
  for (const x of reader) {
    const entry = byReason.get(x.reason) ?? { reason: x.reason, rows: 0, examples: [] };
    entry.rows += 1;
    if (entry.examples.length < EXAMPLES) entry.examples.push(x.example);
    byReason.set(x.reason, entry);
  }
  // An example value that equals somebody's id is never shown (a shifted column can put ids anywhere).
  const values = [...byReason.values()]
    .flatMap((e) => e.examples.map((x) => x.value))
    .filter((v) => v !== undefined);
  const ids = new Set<string>();
  if (values.length > 0) {
    const found = await s.rows(
      `SELECT person_id FROM person_keys WHERE person_id IN (${values.map((v) => sqlString(v!.trim())).join(', ')})`,
      'checking examples',
    );
    for (const r of found) ids.add(String(r.person_id));
  }
  for (const e of byReason.values())
    e.examples = e.examples.slice(0, EXAMPLES).map((x) => {
      if (x.value === undefined) return x;
      const shown = ids.has(x.value.trim()) ? '(withheld: equals a person id)' : exampleValue(x.value);
      return { ...x, ...(shown === undefined ? {} : { value: shown }) };
    });
  return { rowsRead: total + reader.length, byReason: [...byReason.values()] };
}

function practiceInfo(codes: string[], ref: ReferencePractices | undefined): PracticeInfo[] {
  return codes.map((code) => ref?.info(code) ?? { code });
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
