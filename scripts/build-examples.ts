/** Writes examples/*.json from the public data in ../shared/data. Run: npx tsx scripts/build-examples.ts */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseScenario } from '../shared/core/scenario/index.ts';
import { buildExamples, serialiseExample } from './exampleData/examples.ts';
import { readGpPayments } from './exampleData/gpPayments.ts';
import { examplesDir } from './exampleData/paths.ts';
import { readPracticeRows, readSpendTable } from './exampleData/readData.ts';

const examples = buildExamples(readPracticeRows(), readSpendTable(), readGpPayments());
for (const [file, scenario] of examples) {
  parseScenario(scenario); // never write an example the schema rejects
  writeFileSync(path.join(examplesDir, file), serialiseExample(scenario));
  process.stdout.write(`wrote examples/${file}\n`);
}
