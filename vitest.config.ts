import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // The fault scenarios stop and kill processes: they run on their own, one at a time (pnpm test:faults).
    exclude: ['test/faults/**', '**/node_modules/**'],
    // End-to-end files start real processes against MariaDB and Redis.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
