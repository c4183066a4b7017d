// The task pane in Excel (the stub office.js), against the real local service and DynamoDB Local: build from
// ranges with a bad cell, save, conflict and reapply, history, diff, pin with "newer version available", write to
// workbook, Refresh, and the contract forms side by side. One browser for the file; each test its own
// organisation.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnName } from '../../../addin/src/pane/core/a1.ts';
import { parseScenario } from '../../../shared/core/scenario/index.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { call, newOrgCode } from '../api/stack.ts';
import { buildPaneForTest, launchChromium, openPane, signIn } from './browser.ts';
import { type PaneStack, startPaneStack } from './paneStack.ts';

const example = parseScenario(
  JSON.parse(readFileSync(new URL('../../../examples/virtual-east-lindsey.json', import.meta.url), 'utf8')),
);
const segments = example.population.segments.map((s) => s.id);

let stack: PaneStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startPaneStack(await ddbEndpoint(), await buildPaneForTest());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function excelPane(org: string): Promise<Page> {
  const { page } = await openPane(browser, stack, { excel: true });
  await signIn(page, org);
  await page.getByRole('tab', { name: 'Build' }).click();
  await page.getByRole('button', { name: 'Load example' }).click();
  await page.getByTestId('scenario-name').getByText('East Lindsey').waitFor();
  return page;
}

/** The practice rows the test puts in the workbook: three practices, person-years by segment. */
const practiceRows = example.population.practices
  .slice(0, 3)
  .map((p, i) => [
    p.id,
    p.name,
    `n${i + 1}`,
    p.needIndex ?? 1,
    ...p.personYears.map((y) => Math.round(y * 10) / 10),
  ]);
const practiceHeader = ['Practice', 'Name', 'Neighbourhood', 'Need index', ...segments];
/** Practices!A1:<last>N: the header and the rows. */
const practiceBlock = (rows: number) => `A1:${columnName(practiceHeader.length - 1)}${rows + 1}`;

async function saveNew(page: Page, summary: string) {
  await page.getByLabel('What changed (for the history)').fill(summary);
  // A draft the service would refuse cannot be saved: say why rather than time out on a disabled button.
  expect(await page.getByTestId('draft-problems').count(), await page.locator('main').innerText()).toBe(0);
  await page.getByRole('button', { name: /^Save/ }).click();
  await page
    .getByTestId('notice')
    .getByText(/^Saved/)
    .waitFor();
}

const idOf = async (page: Page) =>
  /(s_[a-z2-7]{20})@(\d+)/.exec((await page.getByTestId('scenario-origin').textContent()) ?? '')!;

describe('the task pane in Excel', () => {
  it('reads the population from a selected range, names and selects the bad cells, then reads it once fixed', async () => {
    const org = newOrgCode();
    const page = await excelPane(org);
    const bad = practiceRows.map((r) => [...r]);
    bad[1]![5] = 'abc'; // second practice, second segment: F3
    bad[2]![6] = -4; // third practice, third segment: G4
    await page.evaluate(
      ([header, rows, block]) => {
        window.__excel.addSheet('Practices', [header, ...rows], 'A1');
        window.__excel.select('Practices', block);
      },
      [practiceHeader, bad, practiceBlock(bad.length)] as const,
    );
    await page.getByRole('button', { name: 'Population from selection' }).click();
    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    await expect.poll(() => problems.textContent()).toContain('Practices!F3');
    const text = (await problems.textContent())!;
    expect(text).toContain(`person-years for ${segments[1]} is "abc", not a number`);
    expect(text).toContain('Practices!G4');
    expect(text).toContain('must not be negative');
    // The offending cells are selected in Excel, and nothing was read.
    await expect
      .poll(() => page.evaluate(() => window.__excel.state.selection))
      .toEqual({
        sheet: 'Practices',
        areas: ['F3', 'G4'],
      });
    await expect.poll(() => page.getByTestId('population-summary').textContent()).toMatch(/^16 practices/);

    // Fixed in the workbook, the same range reads.
    await page.evaluate(
      ([header, rows, block]) => {
        window.__excel.addSheet('Practices', [header, ...rows], 'A1');
        window.__excel.select('Practices', block);
      },
      [practiceHeader, practiceRows, practiceBlock(practiceRows.length)] as const,
    );
    await page.getByRole('button', { name: 'Population from selection' }).click();
    await page.getByTestId('import-notes').waitFor();
    const total = practiceRows.reduce((a, r) => a + (r.slice(4) as number[]).reduce((b, y) => b + y, 0), 0);
    const summary = (await page.getByTestId('population-summary').textContent())!;
    expect(summary).toContain('3 practices in 3 neighbourhoods');
    expect(summary).toContain(`${Math.round(total).toLocaleString('en-GB')} base-year person-years`);

    // Baselines from an Excel table.
    const elective = segments.map((_, i) => 100 + i);
    const tableAt = `B2:${columnName(segments.length + 1)}3`;
    await page.evaluate(
      ([header, row, at]) => {
        window.__excel.addSheet('Baselines', [header, row], 'B2');
        window.__excel.addTable('Baselines', 'Baselines', at);
      },
      [['line', ...segments], ['elective', ...elective], tableAt] as const,
    );
    await page.getByRole('button', { name: 'Use an Excel table…' }).click();
    await page.getByLabel('Excel table').selectOption('Baselines');
    await page.getByRole('button', { name: 'Baselines from table' }).click();
    await page.getByTestId('notice').getByText(`Read baselines from Baselines!${tableAt}`).waitFor();

    // Saved, the service holds exactly what the cells held.
    await saveNew(page, 'from the workbook');
    const [, id] = await idOf(page);
    const saved = await call(stack.apiUrl, 'GET', `/v1/scenarios/${id}`, { token: await stack.token(org) });
    expect(saved.status).toBe(200);
    const doc = saved.json.scenario;
    expect(doc.population.practices.map((p: { id: string }) => p.id)).toEqual(practiceRows.map((r) => r[0]));
    expect(doc.population.practices[1].personYears).toEqual(practiceRows[1]!.slice(4));
    expect(doc.population.practices[1].needIndex).toBe(practiceRows[1]![3]);
    expect(doc.serviceLines.find((l: { id: string }) => l.id === 'elective').baselinePppy).toEqual(elective);
    await page.context().close();
  });
});
