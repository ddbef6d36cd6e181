import { defineConfig } from 'vitest/config';

/** `pnpm test:faults`: scenarios that stop and kill real processes, one file at a time. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['./test/faults/scenario-table.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
