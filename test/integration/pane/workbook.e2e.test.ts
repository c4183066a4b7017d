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
import { launchChromium, openPane, signIn } from '../../../scripts/pane/browser.ts';
import { type PaneStack, startPaneStack } from '../../../scripts/pane/stack.ts';

const example = parseScenario(
  JSON.parse(readFileSync(new URL('../../../examples/virtual-east-lindsey.json', import.meta.url), 'utf8')),
);
const segments = example.population.segments.map((s) => s.id);

let stack: PaneStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startPaneStack(await ddbEndpoint());
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

  it('saves, meets a conflict and reapplies on top, shows history and a diff, pins with "newer version available", writes PACS formulas and refreshes them', async () => {
    const org = newOrgCode();
    const page = await excelPane(org);
    await saveNew(page, 'first');
    const [, id] = await idOf(page);
    const alice = await stack.token(org, 'alice');
    const bob = await stack.token(org, 'bob');

    // Bob saves version 2 from another workbook: efficiency 3%.
    const v1 = (await call(stack.apiUrl, 'GET', `/v1/scenarios/${id}`, { token: bob })).json;
    const v2 = structuredClone(v1.scenario);
    v2.trajectory.efficiency = 0.03;
    const put = await call(stack.apiUrl, 'PUT', `/v1/scenarios/${id}`, {
      token: bob,
      headers: { 'if-match': '"1"' },
      body: { scenario: v2, summary: 'efficiency 3%' },
    });
    expect(put.status).toBe(200);

    // Alice, still on version 1, changes the cost uplift and saves: refused, with both sides field by field.
    await page.getByText('Trajectory and deficit', { exact: true }).first().click();
    await page.getByLabel('Cost uplift (%)').fill('6');
    await page.getByLabel('What changed (for the history)').fill('uplift 6%');
    await page.getByRole('button', { name: 'Save version 2' }).click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    const theirs = (await page.getByTestId('their-changes').innerText()).replace(/\s+/g, ' ');
    const mine = (await page.getByTestId('my-changes').innerText()).replace(/\s+/g, ' ');
    expect(theirs).toContain('trajectory.efficiency 0.02 0.03');
    expect(mine).toContain('trajectory.costUplift 0.0483 0.06');
    expect(mine).not.toContain('efficiency');
    await page.getByRole('button', { name: 'Reapply my changes on top of version 2' }).click();
    await page.getByLabel('What changed (for the history)').fill('uplift 6%');
    await page.getByRole('button', { name: 'Save version 3' }).click();
    await page.getByTestId('notice').getByText('Saved').waitFor();
    const v3 = (await call(stack.apiUrl, 'GET', `/v1/scenarios/${id}`, { token: alice })).json;
    expect(v3.version).toBe(3);
    expect(v3.author).toBe('alice');
    expect(v3.scenario.trajectory.efficiency).toBe(0.03); // Bob's change kept
    expect(v3.scenario.trajectory.costUplift).toBe(0.06); // Alice's reapplied

    // History: who, when, what changed.
    await page.getByRole('tab', { name: 'Library' }).click();
    const history = page.getByTestId('history');
    await history.getByText('v3').waitFor();
    const rows = await history.locator('tr').allInnerTexts();
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(['v3', 'v2', 'v1']);
    expect(rows[0]).toContain('alice');
    expect(rows[0]).toContain('uplift 6%');
    expect(rows[1]).toContain('bob');
    expect(rows[1]).toContain('efficiency 3%');

    // Diff of any two versions: the pane shows what the service's diff says.
    await page.getByTestId('diff-from').selectOption('1');
    await page.getByTestId('diff-to').selectOption('3');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByTestId('diff').waitFor();
    const apiDiff = (
      await call(stack.apiUrl, 'GET', `/v1/scenarios/${id}/diff?from=1&to=3`, { token: alice })
    ).json;
    const shown = await page.getByTestId('diff').locator('tr th').allInnerTexts();
    expect(shown).toEqual(apiDiff.changes.map((c: { path: string }) => c.path));
    expect(shown).toEqual(expect.arrayContaining(['trajectory.efficiency', 'trajectory.costUplift']));

    // Pin version 3 in the workbook.
    await page.getByRole('button', { name: /^Pin .* v3$/ }).click();
    await page.getByTestId('pin-status').waitFor();
    const pinned = () => page.evaluate(() => JSON.parse(window.__excel.state.settings['pacs.pin'] ?? 'null'));
    expect(await pinned()).toMatchObject({ id, version: 3 });

    // Write the three layouts: PACS.* formulas on the pinned version.
    await page.getByRole('tab', { name: 'Workbook' }).click();
    await page.getByTestId('write-ref').getByText(`${id}@3`).waitFor();
    for (const name of ['Write the budget', 'Write the trajectory', 'Write the settlement']) {
      await page.getByRole('button', { name }).click();
      await page.getByTestId('notice').getByText('Wrote sheet').waitFor();
    }
    await page.getByRole('button', { name: 'Write the budget' }).click();
    await page.getByTestId('notice').getByText('Wrote sheet "PACS Budget (2)"').waitFor();
    const cell = (sheet: string, a1: string) =>
      page.evaluate(([s, a]) => window.__excel.cell(s!, a!), [sheet, a1]);
    expect(await page.evaluate(() => window.__excel.sheetNames())).toEqual(
      expect.arrayContaining(['PACS Budget', 'PACS Trajectory', 'PACS Settlement', 'PACS Budget (2)']),
    );
    expect((await cell('PACS Budget', 'B2'))?.value).toBe(`${id}@3`);
    expect((await cell('PACS Budget', 'B4'))?.formula).toBe('=PACS.CAPITATION($B$2,$B$3)');
    expect((await cell('PACS Budget', 'B4'))?.numberFormat).toContain('£#,##0');
    expect((await cell('PACS Budget', 'A8'))?.formula).toBe('=PACS.BUDGET($B$2,$B$3,"line")');
    expect((await cell('PACS Trajectory', 'A5'))?.formula).toBe('=PACS.TRAJECTORY($B$2)');
    expect((await cell('PACS Settlement', 'A7'))?.formula).toBe('=PACS.SETTLE($B$2,$B$3,$B$5)');
    expect((await cell('PACS Settlement', 'E6'))?.formula).toBe('=$B$4*(1+D6)');
    expect((await cell('PACS Settlement', 'D6'))?.value).toBe(-0.1);
    expect((await cell('PACS Settlement', 'F6'))?.formula).toBe(
      '=LET(r,PACS.SETTLE($B$2,$B$3,E6),INDEX(r,MATCH("providers share",INDEX(r,0,1),0),2))',
    );

    // Someone saves version 4; after Refresh the pane says a newer version exists, and the pin moves on request,
    // with every written sheet's scenario cell.
    const v4 = structuredClone(v3.scenario);
    v4.trajectory.nonDemographicGrowth = 0.02;
    expect(
      (
        await call(stack.apiUrl, 'PUT', `/v1/scenarios/${id}`, {
          token: bob,
          headers: { 'if-match': '"3"' },
          body: { scenario: v4, summary: 'demand 2%' },
        })
      ).status,
    ).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('notice').getByText('Refreshed').waitFor();
    await expect
      .poll(() => page.getByTestId('pin-status').textContent())
      .toContain('newer version 4 available');
    // Refresh recalculated exactly the cells that call PACS functions.
    const pacsCells = await page.evaluate(() =>
      window.__excel.sheetNames().flatMap((s) =>
        window.__excel
          .formulas(s)
          .filter(([, f]) => /PACS\./.test(f))
          .map(([a]) => a),
      ),
    );
    const calculated = await page.evaluate(() => window.__excel.state.calculated);
    expect(calculated).toHaveLength(pacsCells.length);
    expect(await page.getByTestId('notice').textContent()).toContain(
      `${pacsCells.length} PACS cell(s) recalculated`,
    );

    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByTestId('newer-version').waitFor();
    await page.getByRole('button', { name: 'Move the pin to v4' }).click();
    // The pane confirms once the setting is saved and every written sheet's scenario cell moved with it.
    await page.getByTestId('notice').getByText(`Pinned ${id}@4`).waitFor();
    expect(await pinned()).toMatchObject({ id, version: 4 });
    for (const sheet of ['PACS Budget', 'PACS Trajectory', 'PACS Settlement', 'PACS Budget (2)'])
      expect((await cell(sheet, 'B2'))?.value).toBe(`${id}@4`);
    await expect.poll(() => page.getByTestId('pin-status').textContent()).not.toContain('newer');
    await page.context().close();
  });

  it('simulates with progress and Cancel (stopped on the service), then shows a run and inserts it as a table and a chart', async () => {
    const org = newOrgCode();
    const page = await excelPane(org);
    await saveNew(page, 'first');
    const [ref, id] = await idOf(page);
    const token = await stack.token(org);
    await page.getByRole('tab', { name: 'Risk' }).click();

    // A long run: progress shows, Cancel stops it on the service.
    await page.getByTestId('trials').fill('2000000');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const progress = page.getByTestId('progress');
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 60_000 }).toBe('running');
    const runId = (await progress.getAttribute('data-run'))!;
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => progress.getAttribute('data-state')).toBe('cancelled');
    await expect
      .poll(async () => (await call(stack.apiUrl, 'GET', `/v1/simulations/${runId}`, { token })).json.status)
      .toBe('cancelled');

    // A short run to the end: the pane shows the service's figures.
    await page.getByTestId('trials').fill('4000');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 120_000 }).toBe('succeeded');
    const doneId = (await progress.getAttribute('data-run'))!;
    const run = (await call(stack.apiUrl, 'GET', `/v1/simulations/${doneId}`, { token })).json;
    expect(run.scenario).toBe(ref);
    const result = run.result;
    const gbp = (v: number) => `${v < 0 ? '-' : ''}£${Math.abs(Math.round(v)).toLocaleString('en-GB')}`;
    for (const party of result.parties) {
      const row = (
        await page.getByTestId('key-figures').locator(`tr[data-party="${party.party}"]`).innerText()
      ).replace(/\s+/g, ' ');
      expect(row).toContain(`${gbp(party.mean.value)} ± ${gbp(party.mean.se)}`);
      expect(row).toContain(
        `${(party.pLoss.value * 100).toFixed(1)}% ± ${(party.pLoss.se * 100).toFixed(1)}%`,
      );
      expect(row).toContain(gbp(party.var95.value));
      expect(row).toContain(gbp(party.tvar95.value));
    }
    // Each party's histogram marks the loss region when the distribution reaches below zero.
    const pacs = result.parties.find((p: { kind: string }) => p.kind === 'pacs');
    const histogram = page.locator(`[data-section="histogram-${pacs.party}"]`);
    expect(await histogram.locator('[data-loss-region]').count()).toBe(pacs.histogram[0].from < 0 ? 1 : 0);
    expect(await histogram.getByRole('img').getAttribute('aria-label')).toContain(
      `P(loss) ${(pacs.pLoss.value * 100).toFixed(1)}%`,
    );

    await page.getByRole('button', { name: 'Insert results as an Excel table and chart' }).click();
    await page.getByTestId('notice').getByText('Inserted the results').waitFor();
    const tables = await page.evaluate(() => window.__excel.tables());
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'PACS_Risk',
        ...result.parties.map((p: { party: string }) => `PACS_Histogram_${p.party}`),
      ]),
    );
    const figures = tables.find((t) => t.name === 'PACS_Risk')!;
    expect(figures.address).toBe(`A7:I${7 + result.parties.length}`);
    const charts = await page.evaluate(() => window.__excel.charts('PACS Risk'));
    expect(charts).toHaveLength(1);
    expect(charts[0]!.type).toBe('ColumnClustered');
    const histogramTable = tables.find((t) => t.name === `PACS_Histogram_${pacs.party}`)!;
    const [from, to] = histogramTable.address.split(':');
    const col = (a: string, c: string) => a.replace(/^[A-Z]+/, c);
    expect(charts[0]!.series[0]).toEqual({
      values: `'PACS Risk'!${col(from!, 'C').replace(/\d+/, (n) => String(Number(n) + 1))}:${col(to!, 'C')}`,
      categories: `'PACS Risk'!${col(from!, 'A').replace(/\d+/, (n) => String(Number(n) + 1))}:${col(to!, 'A')}`,
    });
    expect(await page.evaluate(() => window.__excel.cell('PACS Risk', 'B2')?.value)).toBe(ref);
    expect(id).toBeTruthy();
    await page.context().close();
  });

  it('switches to manual calculation (nothing sent until Refresh) and shows the sign-in state', async () => {
    const org = newOrgCode();
    const page = await excelPane(org);
    await saveNew(page, 'first');
    await page.getByRole('tab', { name: 'Form' }).click();
    const values = page.getByTestId('form-values');
    await expect.poll(() => values.locator('td').first().textContent(), { timeout: 30_000 }).toMatch(/£/);

    // Manual: a figure not yet calculated waits for Refresh instead of going to the service.
    await page.getByRole('switch', { name: 'Automatic calculation' }).click();
    await page.getByRole('switch', { name: 'Manual calculation' }).waitFor();
    expect(await page.getByTestId('gateway-status').textContent()).toContain('Manual');
    await page.getByLabel('Contract year').selectOption('2');
    await page
      .getByTestId('forms-error')
      .getByText('Manual calculation: press Refresh to calculate.')
      .waitFor();
    expect(await values.locator('td').first().textContent()).toBe('not available');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => values.locator('td').first().textContent(), { timeout: 30_000 }).toMatch(/£/);
    await page.getByRole('switch', { name: 'Manual calculation' }).click();
    await page.getByRole('switch', { name: 'Automatic calculation' }).waitFor();

    // Signed out, the service is not asked and the header offers sign-in again.
    expect(await page.getByTestId('signed-in').textContent()).toContain(`alice (${org})`);
    // One sign-in for pane and functions: the pane signed in through the shared runtime's token source.
    expect(await page.evaluate('window.__PACS_RUNTIME__.tokens.state().status')).toBe('signed_in');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('form', { name: 'Sign in' }).getByText('Not signed in: signed out.').waitFor();
    await page.getByLabel('Contract year').selectOption('3');
    await page
      .getByTestId('forms-error')
      .getByText('Sign in (top of the pane) to use the PACS service.')
      .waitFor();
    await page.context().close();
  });
});
