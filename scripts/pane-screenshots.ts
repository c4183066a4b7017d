// `npm run screenshots`: the README's tour of the task pane, regenerated. Runs what the browser tests run (the
// built pane, the stub office.js, the real local service on DynamoDB Local, Debian's Chromium) and photographs each
// view at 350 px wide, the width of Excel's default pane, into docs/pane/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { createTable, startDynamoDbLocal } from '../functions/local/dynamodbLocal.ts';
import { launchChromium, openPane, signIn } from './pane/browser.ts';
import { startPaneStack } from './pane/stack.ts';

const OUT = fileURLToPath(new URL('../docs/pane/', import.meta.url));
const WIDTH = 350;

async function shot(page: Page, name: string) {
  await page.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true, animations: 'disabled' });
  process.stdout.write(`docs/pane/${name}.png\n`);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const ddb = await startDynamoDbLocal({});
  const cleanup: (() => Promise<unknown>)[] = [() => ddb.stop()];
  try {
    await createTable(ddb.endpoint);
    const stack = await startPaneStack(ddb.endpoint);
    cleanup.unshift(() => stack.close());
    const browser = await launchChromium();
    cleanup.unshift(() => browser.close());
    const org = 'RTOUR';
    const open = async (excel: boolean, theme: 'light' | 'dark' | 'contrast' = 'light') => {
      const { page } = await openPane(browser, stack, { excel, theme, width: WIDTH, height: 640 });
      await signIn(page, org, 'alice');
      return page;
    };

    // Build: an example, read from the workbook with a bad cell, then saved.
    const page = await open(true);
    await page.getByRole('tab', { name: 'Build' }).click();
    await page.getByRole('button', { name: 'Load example' }).click();
    await page.getByTestId('scenario-name').waitFor();
    await page.evaluate(`(() => {
      window.__excel.addSheet('Practices', [
        ['practice', 'name', 'neighbourhood', 'need index', '0-4_F_q1'],
        ['C83019', 'Beacon Medical Practice', 'n1', 1.08, 167.4],
        ['C83042', 'Marisco Medical Practice', 'n1', 'n/a', 'abc'],
      ], 'A1');
      window.__excel.select('Practices', 'A1:E3');
    })()`);
    await page.getByRole('button', { name: 'Population from selection' }).click();
    await page.getByTestId('import-problems').waitFor();
    await page
      .locator('[data-section="Population and baselines"]')
      .screenshot({ path: join(OUT, 'build-import-problems.png') });
    process.stdout.write('docs/pane/build-import-problems.png\n');
    await page.getByTestId('preset').selectOption('aca_1342');
    await page
      .locator('[data-section="Gain/loss corridor"]')
      .screenshot({ path: join(OUT, 'build-corridor.png') });
    process.stdout.write('docs/pane/build-corridor.png\n');
    await page.getByLabel('What changed (for the history)').fill('first version');
    await page.getByRole('button', { name: 'Save as a new scenario' }).click();
    await page
      .getByTestId('notice')
      .getByText(/^Saved/)
      .waitFor();
    await shot(page, 'build');

    // Contract forms side by side.
    await page.getByRole('tab', { name: 'Form' }).click();
    await page
      .getByTestId('form-values')
      .locator('td')
      .first()
      .getByText(/£|not available/)
      .waitFor();
    await shot(page, 'contract-forms');

    // A colleague saves first: the conflict view.
    const id = /(s_[a-z2-7]{20})@/.exec((await page.getByTestId('scenario-origin').textContent())!)![1]!;
    const bob = await stack.token(org, 'bob');
    const v1 = (await (
      await fetch(`${stack.apiUrl}/v1/scenarios/${id}`, { headers: { authorization: `Bearer ${bob}` } })
    ).json()) as { scenario: { name: string; trajectory: { efficiency: number } } };
    v1.scenario.trajectory.efficiency = 0.03;
    await fetch(`${stack.apiUrl}/v1/scenarios/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bob}`, 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ scenario: v1.scenario, summary: 'efficiency 3%' }),
    });
    await page.getByRole('tab', { name: 'Build' }).click();
    await page.getByText('Trajectory and deficit', { exact: true }).first().click();
    await page.getByLabel('Cost uplift (%)').fill('6');
    await page.getByLabel('What changed (for the history)').fill('uplift 6%');
    await page.getByRole('button', { name: 'Save version 2' }).click();
    await page.getByTestId('conflict').waitFor();
    await page
      .locator('[data-section="Check and save"]')
      .screenshot({ path: join(OUT, 'build-conflict.png') });
    process.stdout.write('docs/pane/build-conflict.png\n');
    await page.getByRole('button', { name: /^Reapply my changes/ }).click();
    await page.getByRole('button', { name: 'Save version 3' }).click();
    await page.getByTestId('notice').getByText('Saved').waitFor();

    // Library: history, a diff, the pin.
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByTestId('history').waitFor();
    await page.getByTestId('diff-from').selectOption('1');
    await page.getByTestId('diff-to').selectOption('3');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByTestId('diff').waitFor();
    await page.getByRole('button', { name: /^Pin .* v3$/ }).click();
    await page.getByTestId('pin-status').waitFor();
    await shot(page, 'library');

    // Risk: a run to the end.
    await page.getByRole('tab', { name: 'Risk' }).click();
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByTestId('key-figures').waitFor({ timeout: 300_000 });
    await shot(page, 'risk');

    // Write to workbook.
    await page.getByRole('tab', { name: 'Workbook' }).click();
    await page.getByRole('button', { name: 'Write the budget' }).click();
    await page.getByTestId('notice').getByText('Wrote sheet').waitFor();
    await shot(page, 'workbook');

    // Outside Office, and the dark and high-contrast themes.
    for (const [theme, excel, name] of [
      ['light', false, 'browser-workbook'],
      ['dark', true, 'dark-forms'],
      ['contrast', true, 'contrast-forms'],
    ] as const) {
      const p = await open(excel, theme);
      await p.getByRole('tab', { name: 'Library' }).click();
      await p.getByRole('button', { name: `Open ${v1.scenario.name}` }).click();
      await p.getByTestId('notice').getByText('Opened').waitFor();
      await p.getByRole('tab', { name: name.endsWith('workbook') ? 'Workbook' : 'Form' }).click();
      if (!name.endsWith('workbook'))
        await p
          .getByTestId('form-values')
          .locator('td')
          .first()
          .getByText(/£|not available/)
          .waitFor();
      await shot(p, name);
      await p.context().close();
    }
  } finally {
    for (const c of cleanup) await c().catch(() => {});
  }
}

await main();
