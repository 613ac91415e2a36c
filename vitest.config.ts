import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/server/**/*.spec.ts', 'packages/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['apps/server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
