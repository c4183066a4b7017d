import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedPracticesLoader } from '../../functions/data/publishedPractices.ts';
import { calculate } from '../../shared/core/engine/index.ts';
import { parseScenario } from '../../shared/core/scenario/index.ts';
import { examplesDir } from '../exampleData/paths.ts';
import { cachedValues } from './compute.ts';
import { DEMO_REFS, type ExampleName, type Layout, type Scalar, demoLayout } from './layout.ts';
import { writeWorkbook } from './write.ts';

export { cellKey } from './compute.ts';
export { DEMO_REFS, SHEETS, demoLayout, formulaOf } from './layout.ts';
export type { ExampleName, Layout, PacsCell } from './layout.ts';

export interface DemoWorkbook {
  layout: Layout;
  /** The cached value of every PACS cell, by `Sheet!A1`. */
  values: Map<string, unknown>;
  workbook: Buffer;
  valuesOnly: Buffer;
}

const PRACTICE_COLUMNS = ['Practice_Code', 'GP_Practice_Name', 'ICS22', 'LTLA21', 'pop 2022/23', 'Final WP'];

/** Builds examples/PACS-demo.xlsx and its values-only copy from examples/*.json and the published practice data. */
export async function buildDemoWorkbook(): Promise<DemoWorkbook> {
  const names = Object.keys(DEMO_REFS) as ExampleName[];
  const docs = Object.fromEntries(
    names.map((n) => [n, JSON.parse(readFileSync(join(examplesDir, `${n}.json`), 'utf8'))]),
  ) as Record<ExampleName, unknown>;
  const scenarios = Object.fromEntries(names.map((n) => [n, parseScenario(docs[n])]));
  const publishedPractices = publishedPracticesLoader();
  const practices = (await publishedPractices()).filter((p) => p.icbCode === 'QOP');
  const rows: Scalar[][] = [
    PRACTICE_COLUMNS,
    ...practices.map((p) => [
      p.code,
      p.name,
      p.icbCode,
      p.text.LTLA21 ?? '',
      p.population,
      p.weighted['Final WP'],
    ]),
  ];
  // Settlement at 2% above Tameside's year-1 contract value (an overspend the corridor shares).
  const spend = Math.round(calculate(scenarios['fully-integrated-tameside']!).years[1]!.contractValue * 1.02);
  const layout = demoLayout(
    Object.fromEntries(names.map((n) => [n, scenarios[n]!.name])) as Record<ExampleName, string>,
    rows,
    spend,
  );
  const values = await cachedValues(layout, docs, { publishedPractices });
  return {
    layout,
    values,
    workbook: await writeWorkbook(layout, values, { valuesOnly: false }),
    valuesOnly: await writeWorkbook(layout, values, { valuesOnly: true }),
  };
}
