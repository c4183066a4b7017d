// Accessibility of every view of the pane, in the light, dark and high-contrast themes (axe: no serious or
// critical violation of WCAG 2.2 A/AA rules), and keyboard use: the views are reached from the tab list with the
// arrow keys and Enter, and Tab reaches every action of each view.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThemeName } from '../../../addin/src/pane/host/host.ts';
import { ddbEndpoint } from '../../support/ddbEndpoint.ts';
import { newOrgCode } from '../api/stack.ts';
import { launchChromium, openPane, signIn } from '../../../scripts/pane/browser.ts';
import { type PaneStack, startPaneStack } from '../../../scripts/pane/stack.ts';

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

const VIEWS = ['Form', 'Build', 'Library', 'Risk', 'Workbook'] as const;

/** A pane with content in every view: signed in, an example saved, a short simulation run. */
async function fullPane(theme: ThemeName): Promise<Page> {
  const { page } = await openPane(browser, stack, { excel: true, theme });
  await signIn(page, newOrgCode());
  await page.getByRole('tab', { name: 'Build' }).click();
  await page.getByRole('button', { name: 'Load example' }).click();
  await page.getByRole('button', { name: 'Save as a new scenario' }).click();
  await page
    .getByTestId('notice')
    .getByText(/^Saved/)
    .waitFor();
  await page.getByRole('tab', { name: 'Risk' }).click();
  await page.getByTestId('trials').fill('1000');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await page.getByTestId('key-figures').waitFor({ timeout: 120_000 });
  return page;
}

/** Opens every disclosure, so hidden content is checked too. */
/* Page-side code runs in the browser (this project type-checks tests without the DOM library), so it is
 * written as text. */
const openAllDetails = (page: Page) =>
  page.evaluate(`for (const d of document.querySelectorAll('details')) d.open = true;`);

/** Marks every enabled, visible control with data-kb (a radio group or the tab list counts once: the arrow keys
 *  move inside them) and returns the groups. */
const MARK_CONTROLS = `(() => {
  const sel = 'button, input, select, textarea, summary, a[href], [role="tab"], [tabindex]:not([tabindex="-1"])';
  const out = [];
  document.querySelectorAll(sel).forEach((el, i) => {
    if (el.disabled || el.getClientRects().length === 0) return;
    const group = el.getAttribute('role') === 'tab' ? 'tablist'
      : el instanceof HTMLInputElement && el.type === 'radio' ? 'radio:' + el.name : 'el:' + i;
    el.dataset.kb = group;
    if (!out.includes(group)) out.push(group);
  });
  return out;
})()`;
const FOCUSED_GROUP = `document.activeElement?.closest('[data-kb]')?.dataset.kb`;
const describeGroups = (groups: string[]) => `(${JSON.stringify(groups)}).map((g) => {
  const el = document.querySelector('[data-kb="' + g + '"]');
  return el.tagName + ' ' + (el.getAttribute('aria-label') ?? el.textContent.slice(0, 40));
})`;

async function showView(page: Page, view: (typeof VIEWS)[number]) {
  await page.getByRole('tab', { name: view }).click();
  await page.locator('main h2').first().waitFor();
  if (view === 'Library') await page.getByTestId('history').waitFor();
  if (view === 'Form')
    await page
      .getByTestId('form-values')
      .locator('td')
      .first()
      .getByText(/£|not available/)
      .waitFor();
  await openAllDetails(page);
}

describe.each(['light', 'dark', 'contrast'] as const)('the pane in the %s theme', (theme) => {
  let page: Page;
  beforeAll(async () => {
    page = await fullPane(theme);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('has no serious or critical axe violation on any view', async () => {
    expect(await page.locator('[data-theme]').getAttribute('data-theme')).toBe(theme);
    for (const view of VIEWS) {
      await showView(page, view);
      const result = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(' | ')}`,
        );
      expect(bad, `${theme} / ${view}`).toEqual([]);
    }
  });

  // Keyboard use does not depend on colours: once, in the light theme.
  if (theme === 'light')
    it('reaches every view from the tab list and every action of each view with Tab', async () => {
      // From the Risk tab (selected), the arrow keys move along the tab list and Enter opens a view.
      await page.getByRole('tab', { name: 'Risk' }).focus();
      for (const view of VIEWS) {
        for (let i = 0; i < VIEWS.length; i++) {
          if ((await page.evaluate('document.activeElement?.textContent')) === view) break;
          await page.keyboard.press('ArrowRight');
        }
        await page.keyboard.press('Enter');
        expect(await page.getByRole('tab', { name: view }).getAttribute('aria-selected')).toBe('true');
        await openAllDetails(page);
        const groups = (await page.evaluate(MARK_CONTROLS)) as string[];
        const reached = new Set<string>();
        await page.locator('body').focus();
        await page.evaluate('document.activeElement?.blur()');
        for (let i = 0; i < groups.length * 2 + 10; i++) {
          await page.keyboard.press('Tab');
          const g = (await page.evaluate(FOCUSED_GROUP)) as string | undefined;
          if (g) reached.add(g);
        }
        const missed = groups.filter((g) => !reached.has(g));
        const described = missed.length ? await page.evaluate(describeGroups(missed)) : [];
        expect(described, view).toEqual([]);
        // Back to the tab list for the next view.
        await page.getByRole('tab', { name: view }).focus();
      }
    });
});
