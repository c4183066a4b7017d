// Patient-level data profile benchmark (`npx tsx bench/data.bench.ts`, or from bench/run.ts via benchData): an
// ICB-sized synthetic extract (1.5 million people, 30 million activity rows in 24 monthly Parquet files, generated
// once by `npm run synth` and cached under .data/bench/) profiled end to end (`pacs data profile`: read, check,
// levels of need, every aggregate, calibration) on 2 threads within a 3 GB DuckDB memory limit. Baseline measured
// in the same run: DuckDB reading the same files with one plain GROUP BY (per person, the profile's core
// aggregation; and per setting, a scan floor), best of two. Goal: under 60 s and under 4 GB.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateExtract } from '../scripts/synth/generate.ts';

const PEOPLE = 1_500_000;
const ROWS = 30_000_000;
const SEED = 7;
const ICB = 'QOP';
const THREADS = '2';
const MEMORY = '3GB';
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}.data/bench/data-${ICB}-${PEOPLE}-${ROWS}-s${SEED}`;

interface Run {
  what: string;
  seconds: number;
  cpuSeconds: number;
  rows: number;
  peakMb: number;
  people?: number;
  readSeconds?: number;
  buildSeconds?: number;
}

function child(what: string): Run {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./dataChild.ts', import.meta.url)),
      what,
      dir,
      THREADS,
      MEMORY,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0)
    throw new Error(`${what} failed: ${(r.stderr || '').trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

async function ensureExtract(): Promise<void> {
  const truth = `${dir}/truth.json`;
  if (existsSync(truth)) {
    const t = JSON.parse(readFileSync(truth, 'utf8')) as { seed: number; rows: { activity: number } };
    if (t.seed === SEED && Math.abs(t.rows.activity / ROWS - 1) < 0.02) return;
  }
  await generateExtract({
    icb: ICB,
    people: PEOPLE,
    seed: SEED,
    years: ['2023/24', '2024/25'],
    out: dir,
    format: 'parquet',
    bom: false,
    split: 'month',
    peopleFiles: 1,
    bad: 0,
    rows: ROWS,
  });
}

export async function benchData(): Promise<{ figures: Record<string, number | string>; failures: string[] }> {
  const generated = performance.now();
  await ensureExtract();
  const generation = (performance.now() - generated) / 1000;
  const loadBefore = loadavg()[0]!;
  const person1 = child('groupby-person');
  const profile = child('profile');
  const person2 = child('groupby-person');
  const setting = child('groupby-setting');
  const person = person1.seconds <= person2.seconds ? person1 : person2;
  const rate = (r: Run) => Math.round(r.rows / r.seconds).toLocaleString('en-GB');
  const failures: string[] = [];
  if (!(profile.seconds < 60))
    failures.push(
      `pacs data profile took ${profile.seconds.toFixed(1)} s wall (goal < 60 s on 2 cores; it used ${profile.cpuSeconds.toFixed(1)} CPU s on 2 threads, load average ${loadBefore.toFixed(1)})`,
    );
  if (!(profile.peakMb < 4096))
    failures.push(`pacs data profile peaked at ${profile.peakMb} MB (goal < 4096 MB)`);
  const figures = {
    'extract (people / activity rows, Parquet)': `${profile.people!.toLocaleString('en-GB')} / ${profile.rows.toLocaleString('en-GB')}`,
    'extract generation or cache check (s)': generation.toFixed(1),
    'pacs data profile: wall time (s) [goal < 60]': `${profile.seconds.toFixed(1)} (read ${profile.readSeconds!.toFixed(1)}, profile ${profile.buildSeconds!.toFixed(1)})`,
    'pacs data profile: CPU time, all threads (s)': profile.cpuSeconds.toFixed(1),
    'pacs data profile: activity rows/s (wall)': rate(profile),
    'pacs data profile: peak memory (MB) [goal < 4096]': profile.peakMb,
    'GROUP BY person_id (best of 2): wall s, CPU s, rows/s, MB': `${person.seconds.toFixed(1)}, ${person.cpuSeconds.toFixed(1)}, ${rate(person)}, ${person.peakMb}`,
    'GROUP BY setting (scan floor): wall s, CPU s, rows/s, MB': `${setting.seconds.toFixed(1)}, ${setting.cpuSeconds.toFixed(1)}, ${rate(setting)}, ${setting.peakMb}`,
    'profile / GROUP BY person_id: wall, CPU': `${(profile.seconds / person.seconds).toFixed(1)}, ${(profile.cpuSeconds / person.cpuSeconds).toFixed(1)}`,
    'profile / GROUP BY setting: wall, CPU': `${(profile.seconds / setting.seconds).toFixed(1)}, ${(profile.cpuSeconds / setting.cpuSeconds).toFixed(1)}`,
    'threads, DuckDB memory limit': `${THREADS}, ${MEMORY}`,
    'load average (1 min) before / after, 2 cores': `${loadBefore.toFixed(1)} / ${loadavg()[0]!.toFixed(1)}`,
  };
  return { figures, failures };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { figures, failures } = await benchData();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(60)} ${v}`);
  for (const f of failures) console.log(`goal missed: ${f}`);
}
