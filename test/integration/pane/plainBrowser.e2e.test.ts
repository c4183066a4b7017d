// The task pane opened in an ordinary browser (Office.js unreachable): it still builds, compares the contract forms,
// saves and simulates against the real local service; every workbook action is disabled and says why.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_IN_EXCEL } from '../../../addin/src/pane/host/host.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { call, newOrgCode } from '../api/stack.ts';
import { launchChromium, openPane, signIn } from '../../../scripts/pane/browser.ts';
import { type PaneStack, startPaneStack } from '../../../scripts/pane/stack.ts';

let stack: PaneStack;
/** The engine's contract value of each form, as the comparison showed them (set by the first test). */
let formValues: Record<string, number> | undefined;
let browser: Browser;
beforeAll(async () => {
  stack = await startPaneStack(await ddbEndpoint());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const gbp = (v: number) => `${v < 0 ? '-' : ''}£${Math.abs(Math.round(v)).toLocaleString('en-GB')}`;

/** Every workbook action in view is disabled, focusable (so a keyboard user finds it) and described by the reason. */
async function expectWorkbookActionsDisabled(page: Page, names: (string | RegExp)[]) {
  for (const name of names) {
    const button = page.getByRole('button', { name });
    await button.waitFor();
    expect(await button.getAttribute('aria-disabled'), String(name)).toBe('true');
    const describedBy = (await button.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(NOT_IN_EXCEL);
  }
}

describe('the task pane outside Office', () => {
  it('builds, compares, saves and simulates, with workbook actions disabled and saying why', async () => {
    const org = newOrgCode();
    const { page, context } = await openPane(browser, stack, { excel: false });
    await signIn(page, org);
    await page.getByRole('tab', { name: 'Build' }).click();
    await page.getByLabel('From an example').selectOption('partially-integrated-south-somerset.json');
    await page.getByRole('button', { name: 'Load example' }).click();
    await page.getByTestId('scenario-name').getByText('Somerset').waitFor();
    await expectWorkbookActionsDisabled(page, ['Population from selection', 'Baselines from selection']);
    // No Excel tables to offer outside Excel.
    expect(await page.getByRole('button', { name: 'Use an Excel table…' }).count()).toBe(0);

    // Build: a change in the corridor editor shows in the live chart's table.
    await page.getByTestId('preset').selectOption('aca_1342');
    await page.getByText('Data table: shares by spend variance').click();
    const row = (v: string) =>
      page.getByTestId('corridor-table').locator('tr', { hasText: new RegExp(`^${v}`) });
    // ACA section 1342 (docs/presets.md): at 10% under budget the providers keep 3% + 50% x 5% + 20% x 2% = 5.9%.
    expect((await row('-10.00%').innerText()).replace(/\s+/g, ' ')).toBe('-10.00% 5.90% 4.10%');

    // Save (a new scenario), as the service confirms.
    await page.getByLabel('What changed (for the history)').fill('first');
    await page.getByRole('button', { name: 'Save as a new scenario' }).click();
    await page
      .getByTestId('notice')
      .getByText(/^Saved/)
      .waitFor();
    const [ref, id] = /(s_[a-z2-7]{20})@1/.exec((await page.getByTestId('scenario-origin').textContent())!)!;
    const token = await stack.token(org);
    const saved = (await call(stack.apiUrl, 'GET', `/v1/scenarios/${id}`, { token })).json;
    expect(saved.scenario.riskShare).toEqual({ preset: 'aca_1342' });

    // Compare: the three forms side by side, each value what the engine gives for that form.
    await page.getByRole('tab', { name: 'Form' }).click();
    const values = page.getByTestId('form-values');
    await expect.poll(() => values.locator('td').first().textContent(), { timeout: 30_000 }).toMatch(/£/);
    const api = (
      await call(stack.apiUrl, 'POST', '/v1/calc', {
        token,
        body: {
          ops: ['virtual', 'partially_integrated', 'fully_integrated'].map((form) => ({
            id: form,
            fn: 'CAPITATION',
            args: [ref, 1],
            overrides: [{ path: 'contract.form', value: form }],
          })),
        },
      })
    ).json.results as { id: string; ok: boolean; value: number }[];
    for (const r of api) {
      expect(r.ok).toBe(true);
      expect(await values.locator(`td[data-form="${r.id}"]`).textContent()).toContain(gbp(r.value));
    }
    const table = (await page.getByTestId('forms-table').innerText()).replace(/\s+/g, ' ');
    expect(table).toContain('Primary medical care In the shadow budget Out In');
    formValues = Object.fromEntries(api.map((r) => [r.id, r.value]));

    // An unsaved change is priced too, as a what-if on the saved version.
    await page.getByRole('tab', { name: 'Build' }).click();
    await page.getByText('Trajectory and deficit', { exact: true }).first().click();
    await page.getByLabel('Efficiency (%)').fill('4');
    await page.getByRole('tab', { name: 'Form' }).click();
    await page.getByTestId('priced-draft').getByText('Includes your unsaved changes (1 field(s))').waitFor();
    const whatIf = (
      await call(stack.apiUrl, 'POST', '/v1/calc', {
        token,
        body: {
          ops: [
            {
              id: 'full',
              fn: 'CAPITATION',
              args: [ref, 1],
              overrides: [
                { path: 'trajectory.efficiency', value: 0.04 },
                { path: 'contract.form', value: 'fully_integrated' },
              ],
            },
          ],
        },
      })
    ).json.results[0].value as number;
    expect(whatIf).not.toBe(formValues.fully_integrated);
    await expect
      .poll(() => values.locator('td[data-form="fully_integrated"]').textContent(), { timeout: 30_000 })
      .toContain(gbp(whatIf));

    // Simulate: a short run to the end; inserting into Excel is unavailable and says why.
    await page.getByRole('tab', { name: 'Risk' }).click();
    await page.getByTestId('trials').fill('2000');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await expect
      .poll(() => page.getByTestId('progress').getAttribute('data-state'), { timeout: 120_000 })
      .toBe('succeeded');
    await page.getByTestId('key-figures').waitFor();
    await expectWorkbookActionsDisabled(page, ['Insert results as an Excel table and chart']);

    await page.getByRole('tab', { name: 'Workbook' }).click();
    await expectWorkbookActionsDisabled(page, [
      'Write the budget',
      'Write the trajectory',
      'Write the settlement',
    ]);
    await page.getByRole('tab', { name: 'Library' }).click();
    await expectWorkbookActionsDisabled(page, [/^Pin /]);
    await context.close();
  });

  it('shows the partially integrated budget below the fully integrated one by the primary medical care it leaves out', () => {
    expect(formValues).toBeDefined();
    const { partially_integrated: partial, fully_integrated: full, virtual } = formValues!;
    // B5: partially integrated leaves core primary medical care out; virtual prices the same scope as fully
    // integrated (a shadow budget).
    expect(partial).toBeLessThan(full!);
    expect(virtual).toBe(full);
  });
});
