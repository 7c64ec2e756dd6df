import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Each integration file opens its own embedded database (~150 MB); two cores here.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
