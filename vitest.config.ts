import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/server/**/*.spec.ts', 'packages/**/*.spec.ts'],
    // the reliability suite runs real server processes on PostgreSQL: .ci/run starts it with RELIABILITY=1
    exclude: ['**/node_modules/**', ...(process.env.RELIABILITY === '1' ? [] : ['**/*.reliability.spec.ts'])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['apps/server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
