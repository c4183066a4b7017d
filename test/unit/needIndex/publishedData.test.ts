// The practice weighted populations the service ships for PACS.NEEDINDEX: an unchanged copy of NHS England's
// published file (OGL v3, attributed in functions/data/README.md), loaded once by the adapter.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  PUBLISHED_PRACTICES_FILE,
  publishedPracticesLoader,
} from '../../../functions/data/publishedPractices.ts';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const readme = readFileSync(
  fileURLToPath(new URL('../../../functions/data/README.md', import.meta.url)),
  'utf8',
);
const reference = fileURLToPath(
  new URL('../../../../shared/data/gp-practice-weighted-populations-2024-25.csv', import.meta.url),
);

describe('published practice data', () => {
  it('is the file the README attributes, byte for byte', () => {
    const digest = sha256(PUBLISHED_PRACTICES_FILE);
    expect(readme).toContain(`sha256 \`${digest}\``);
    expect(readme).toMatch(/Open Government Licence v3\.0/);
    if (existsSync(reference)) expect(digest).toBe(sha256(reference));
  });

  it('loads every practice once per instance', async () => {
    const load = publishedPracticesLoader();
    const rows = await load();
    expect(rows).toHaveLength(6553);
    expect(await load()).toBe(rows);
    expect(rows.find((r) => r.code === 'A81001')?.icbCode).toBe('QHM');
  });

  it('answers a clear error where a deployment lacks the file', async () => {
    await expect(publishedPracticesLoader('/nonexistent/practices.csv')()).rejects.toThrow(
      /no published practice data; pass practice rows/,
    );
  });
});
