// `npm run demo`: writes examples/PACS-demo.xlsx (every PACS.* function on the three examples, stored as Excel
// stores add-in functions, with cached values) and examples/PACS-demo-values.xlsx (values only).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplesDir } from './exampleData/paths.ts';
import { buildDemoWorkbook } from './demoWorkbook/index.ts';

const demo = await buildDemoWorkbook();
writeFileSync(join(examplesDir, 'PACS-demo.xlsx'), demo.workbook);
writeFileSync(join(examplesDir, 'PACS-demo-values.xlsx'), demo.valuesOnly);
process.stdout.write(
  `wrote examples/PACS-demo.xlsx (${demo.layout.calls.length} PACS cells) and examples/PACS-demo-values.xlsx\n`,
);
