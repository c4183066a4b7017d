// `npm run synth -- --icb QOC --people 10000 [--seed 1] [--years 2023/24,2024/25] [--format csv|parquet] [--bom]
//   [--split month|year|none] [--people-files N] [--bad N] [--rows N] [--out DIR]`
// Writes a seeded synthetic pseudonymised extract (people + activity files) and truth.json under .data/synth/ by
// default (never commit generated extracts). See scripts/synth/parameters.ts for the generating model.
import { parseArgs } from 'node:util';
import { generateExtract } from './generate.ts';

const { values } = parseArgs({
  options: {
    icb: { type: 'string' },
    people: { type: 'string' },
    seed: { type: 'string', default: '1' },
    years: { type: 'string', default: '2023/24,2024/25' },
    format: { type: 'string', default: 'csv' },
    bom: { type: 'boolean', default: false },
    split: { type: 'string', default: 'month' },
    'people-files': { type: 'string', default: '1' },
    bad: { type: 'string', default: '0' },
    rows: { type: 'string' },
    out: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

const whole = (name: string, v: string | undefined, min: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be a whole number of at least ${min}`);
  return n;
};

if (!values.icb) fail('--icb is required (an ICB code such as QOC, or its name)');
const people = whole('people', values.people, 1);
const seed = whole('seed', values.seed, 0);
const years = values.years!.split(',').map((y) => y.trim());
if (!years.every((y) => /^\d{4}\/\d{2}$/.test(y)))
  fail('--years must be financial years such as 2023/24,2024/25');
if (!['csv', 'parquet'].includes(values.format!)) fail('--format must be csv or parquet');
if (!['month', 'year', 'none'].includes(values.split!)) fail('--split must be month, year or none');
const out = values.out ?? `.data/synth/${values.icb}-${people}-s${seed}`;
const started = Date.now();
const truth = await generateExtract({
  icb: values.icb,
  people,
  seed,
  years: [...years].sort(),
  out,
  format: values.format as 'csv' | 'parquet',
  bom: values.bom!,
  split: values.split as 'month' | 'year' | 'none',
  peopleFiles: whole('people-files', values['people-files'], 1),
  bad: whole('bad', values.bad, 0),
  ...(values.rows === undefined ? {} : { rows: whole('rows', values.rows, 1) }),
});
console.log(
  `wrote ${truth.files.length} files to ${out}: ${truth.rows.people.toLocaleString('en-GB')} people rows, ${truth.rows.activity.toLocaleString('en-GB')} activity rows (${((Date.now() - started) / 1000).toFixed(1)} s); generating parameters in ${out}/truth.json`,
);
