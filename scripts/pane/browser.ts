import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import type { ThemeName } from '../../addin/src/pane/host/host.ts';

export const CHROMIUM = '/usr/bin/chromium';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const STUB = readFileSync(
  fileURLToPath(new URL('../../test/support/officeStub/office.js', import.meta.url)),
  'utf8',
);

/** Debian's Chromium, headless, with nothing reaching out to the internet; Playwright gives every launch a fresh
 *  profile (user data directory). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface PaneOptions {
  /** true: Office.js is the Excel stub; false: the CDN script fails as in a plain browser offline. */
  excel: boolean;
  theme?: ThemeName;
  width?: number;
  height?: number;
  /** Runs before any page script (e.g. sets window.__officeTheme for the stub). */
  seed?: () => void;
}

/** A new context (axe needs one) with the pane open at `width` px, Office.js answered by the stub or refused. */
export async function openPane(
  browser: Browser,
  urls: { paneUrl: string },
  o: PaneOptions,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: o.width ?? 350, height: o.height ?? 900 },
    colorScheme: o.theme === 'dark' ? 'dark' : 'light',
    forcedColors: o.theme === 'contrast' ? 'active' : 'none',
    reducedMotion: 'reduce',
  });
  // Nothing may leave the machine (routes registered later are matched first).
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort('blockedbyclient'));
  await context.route(OFFICE_JS, (route) =>
    o.excel
      ? route.fulfill({ status: 200, contentType: 'text/javascript', body: STUB })
      : route.abort('internetdisconnected'),
  );
  const page = await context.newPage();
  if (o.seed) await page.addInitScript(o.seed);
  const theme = o.theme ? `&theme=${o.theme}` : '';
  await page.goto(`${urls.paneUrl}/taskpane.html${theme ? `?${theme.slice(1)}` : ''}`);
  await page.getByRole('heading', { name: 'PACS Capitation' }).waitFor();
  return { context, page };
}

/** Development sign-in through the pane's own form. */
export async function signIn(page: Page, org: string, user = 'alice'): Promise<void> {
  await page.getByLabel('Organisation').fill(org);
  await page.getByLabel('User').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in').waitFor();
}
