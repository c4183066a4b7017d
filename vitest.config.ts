import { defineConfig } from 'vitest/config';

/* Three tiers, one directory each (test/unit, test/integration, test/statistical), so a file's place says what it
 * needs. Timeouts are per tier and generous where a loaded 2-core machine can stretch a run several-fold: a slow
 * machine should slow the suite, not fail it. `npm run test:unit` is the inner loop; `npm test` runs all three. */
export default defineConfig({
  test: {
    pool: 'forks',
    // The JSON report lets CI print one plain closing line ("N passed, N failed").
    reporters: ['default', ['json', { outputFile: '.data/vitest-report.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Pure code on in-memory data: no servers, no child processes, no worker threads.
          include: ['test/unit/**/*.test.ts'],
          // Pure tests share no global state, so one module graph serves every file: ~2x faster.
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // Real parts: DynamoDB Local (one JVM for the tier, started here), HTTP on 127.0.0.1, worker threads,
          // child processes, headless Chromium.
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/globalSetup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'statistical',
          // Monte Carlo estimates against analytic results and independent references (seeded, so repeatable).
          include: ['test/statistical/**/*.test.ts'],
          testTimeout: 180_000,
        },
      },
    ],
  },
});
