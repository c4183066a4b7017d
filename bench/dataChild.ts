// One measured run of the data-profile benchmark in a fresh process (so its peak memory is its own), called by
// bench/data.bench.ts: `node --import tsx bench/dataChild.ts profile|groupby-person|groupby-setting DIR THREADS MEMORY`.
// Prints one JSON line: wall seconds, CPU seconds (all threads, DuckDB's included), rows, peak resident memory
// (MB, process.resourceUsage().maxRSS: DuckDB's native memory included).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataOptions } from '../cli/data/options.ts';
import { readExtract } from '../cli/data/readExtract.ts';
import { buildProfile } from '../shared/core/dataProfile/index.ts';

const [what, dir, threads, memory] = process.argv.slice(2) as [string, string, string, string];
const started = performance.now();
let rows = 0;
let detail: Record<string, unknown> = {};
if (what === 'profile') {
  const o = dataOptions({ threads, memory });
  const aggregates = await readExtract([dir], o.read);
  const read = performance.now();
  const profile = buildProfile(aggregates, {
    mapping: o.mapping,
    needRule: o.read.needRule,
    segmentation: o.read.segmentation,
    disclosure: o.disclosure,
  });
  rows = profile.quality.activity.rowsRead;
  detail = {
    people: profile.quality.people.rowsRead,
    readSeconds: (read - started) / 1000,
    buildSeconds: (performance.now() - read) / 1000,
  };
} else {
  // The floor: DuckDB reading the same activity files and one GROUP BY, nothing else.
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('activity') && f.endsWith('.parquet'))
    .map((f) => `'${join(dir, f)}'`);
  const instance = await DuckDBInstance.create(':memory:', { threads, memory_limit: memory });
  const c = await instance.connect();
  const by = what === 'groupby-person' ? 'person_id' : 'setting';
  const r = await c.runAndReadAll(
    `SELECT COUNT(*) AS groups, SUM(n) AS n FROM (SELECT ${by}, SUM(cost) AS cost, COUNT(*) AS n FROM read_parquet([${files.join(', ')}]) GROUP BY ${by}) g`,
  );
  const row = r.getRowObjectsJS()[0]!;
  rows = Number(row.n);
  detail = { groups: Number(row.groups) };
  c.closeSync();
  instance.closeSync();
}
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    what,
    seconds,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    rows,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...detail,
  }),
);
