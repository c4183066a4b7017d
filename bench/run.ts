// `npm run bench`: benchmarks, kept out of the test suite. Each figure is reported with a baseline measured in
// the same run so results compare across machines.
import { benchApi } from './api.bench.ts';
import { benchBundles } from './bundles.bench.ts';
import { benchCalculate } from './calculate.bench.ts';
import { benchSimulate } from './simulate.bench.ts';

function print(title: string, figures: Record<string, number | string>) {
  console.log(`\n## ${title}`);
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(56)} ${v}`);
}

print('calculate() on an ICB-scale scenario', benchCalculate());
print('Lambda handler bundles (esbuild, minified ESM, AWS SDK bundled)', await benchBundles());
print('HTTP API over loopback (autocannon, 10 connections)', await benchApi());
print(
  'Monte Carlo simulation, ICB-scale scenario (baseline: the same model in NumPy)',
  await benchSimulate(),
);
