// Loads the NHS England practice weighted populations the service ships (functions/data/README.md), once per
// warm instance, for PACS.NEEDINDEX calls that pass no practice rows. An adapter: the operations receive the
// rows and never touch the file system.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../../shared/core/base/index.ts';
import { type PracticeRow, parseCsv, practiceRows } from '../../shared/core/needIndex/index.ts';

export const PUBLISHED_PRACTICES_FILE = fileURLToPath(
  new URL('./gp-practice-weighted-populations-2024-25.csv', import.meta.url),
);

export function publishedPracticesLoader(
  file: string = process.env.PACS_PRACTICE_DATA || PUBLISHED_PRACTICES_FILE,
): () => Promise<readonly PracticeRow[]> {
  let rows: Promise<readonly PracticeRow[]> | undefined;
  return () => {
    rows ??= readFile(file, 'utf8').then(
      (text) => practiceRows(parseCsv(text)),
      () => {
        rows = undefined;
        throw new DomainError('practices', 'this service has no published practice data; pass practice rows');
      },
    );
    return rows;
  };
}
