import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/support/globalSetup.ts'],
    // The JSON report lets CI print one plain closing line ("N passed, N failed").
    reporters: ['default', ['json', { outputFile: '.data/vitest-report.json' }]],
  },
});
