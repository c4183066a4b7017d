// `npm run bench`: benchmarks, kept out of the test suite. Each figure is reported with a baseline measured in
// the same run so results compare across machines. A goal missed or a baseline that could not run (for example
// no NumPy) is listed at the end and the command exits non-zero: a baseline is never skipped silently.

// Each section is imported when it runs, so a figure such as a process's peak memory counts that section's work,
// not the modules of the sections after it.
type Section = { figures: Record<string, number | string>; failures: string[] };
const failures: string[] = [];

async function section(title: string, run: () => Section | Promise<Section>) {
  console.log(`\n## ${title}`);
  try {
    const r = await run();
    for (const [k, v] of Object.entries(r.figures)) console.log(`${k.padEnd(60)} ${v}`);
    failures.push(...r.failures);
  } catch (e) {
    console.log(`FAILED to run: ${(e as Error).message}`);
    failures.push(`${title}: ${(e as Error).message}`);
  }
}

await section('calculate() on an ICB-scale scenario (baseline: one typed-array pass per year)', async () =>
  (await import('./calculate.bench.ts')).benchCalculate(),
);
await section('Lambda handler bundles (esbuild, minified ESM, AWS SDK bundled)', async () =>
  (await import('./bundles.bench.ts')).benchBundles(),
);
await section(
  'API Lambda cold start: import + first POST /v1/calc from DynamoDB Local (baseline: an empty module)',
  async () => (await import('./coldStart.bench.ts')).benchColdStart(),
);
await section('HTTP API over loopback (autocannon, 10 connections)', async () =>
  (await import('./api.bench.ts')).benchApi(),
);
await section(
  'Excel recalculation: distinct PACS cells through the engine gateway (baseline: one request per cell)',
  async () => (await import('./gateway.bench.ts')).benchGateway(),
);
await section('Monte Carlo simulation, ICB-scale scenario (baselines: NumPy, the former loops)', async () =>
  (await import('./simulate.bench.ts')).benchSimulate(),
);
await section(
  'Patient-level data profile, 1.5M people / 30M activity rows (baseline: plain DuckDB GROUP BY over the same files)',
  async () => (await import('./data.bench.ts')).benchData(),
);

console.log(
  failures.length === 0 ? '\nAll goals met.' : `\n${failures.length} goal(s) missed or baseline(s) not run:`,
);
for (const f of failures) console.log(`  - ${f}`);
process.exitCode = failures.length === 0 ? 0 : 1;
