import { statSync, utimesSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WORKER_BUNDLE, bundleIsFresh, workerBundle } from '../../../functions/simulations/workerBundle.ts';

/* Workers load pre-built JavaScript: the bundle is rebuilt when a source it was built from is newer, so an edited
 * kernel never runs stale. */

describe('simulation worker bundle', () => {
  it('is rebuilt when one of its sources is newer, and is plain JavaScript without the scenario schemas', async () => {
    await workerBundle();
    expect(bundleIsFresh()).toBe(true);
    const source = fileURLToPath(new URL('../../../shared/core/simulation/fastMath.ts', import.meta.url));
    const { atime, mtime } = statSync(source);
    const built = statSync(WORKER_BUNDLE).mtimeMs;
    const later = new Date(built + 1);
    try {
      utimesSync(source, atime, later);
      expect(bundleIsFresh()).toBe(false);
      await workerBundle();
      expect(bundleIsFresh()).toBe(true);
      expect(statSync(WORKER_BUNDLE).mtimeMs).toBeGreaterThan(built);
    } finally {
      utimesSync(source, atime, mtime);
    }
    // shared/ is declared free of import side effects: zod and the scenario schemas are not in the worker.
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(WORKER_BUNDLE, 'utf8')).not.toMatch(/zod/);
  });
});
