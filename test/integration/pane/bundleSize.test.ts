// The whole task pane (React, Fluent UI, zod, the shared core it uses, the pane) must stay under 250 KB gzipped:
// the pane loads inside Excel on every workbook open, often over a slow link.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildPaneBundle } from '../../../addin/build/pane.ts';

const BUDGET_BYTES = 250 * 1024;

it('bundles the pane under 250 KB gzipped', async () => {
  const b = await buildPaneBundle(mkdtempSync(join(tmpdir(), 'pacs-pane-size-')));
  const largest = Object.entries(b.byPackage)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 8)
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`)
    .join(', ');
  expect(
    b.gzipBytes,
    `pane.js is ${(b.gzipBytes / 1024).toFixed(1)} KB gzipped (minified, by package: ${largest})`,
  ).toBeLessThan(BUDGET_BYTES);
  // No chart library and no Office.js in the bundle (Office.js comes from Microsoft's CDN).
  expect(Object.keys(b.byPackage).filter((p) => /chart|office-js|@microsoft/.test(p))).toEqual([]);
});
