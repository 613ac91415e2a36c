import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/server/**/*.spec.ts', 'apps/web/**/*.spec.{ts,tsx}', 'packages/**/*.spec.ts'],
    // the reliability suite runs real server processes on PostgreSQL: .ci/run starts it with RELIABILITY=1
    // the end-to-end suite drives Chromium against a real server process on PostgreSQL: E2E=1
    exclude: [
      '**/node_modules/**',
      ...(process.env.RELIABILITY === '1' ? [] : ['**/*.reliability.spec.ts']),
      ...(process.env.E2E === '1' ? [] : ['**/*.e2e.spec.ts']),
    ],
    testTimeout: 60_000,
    // a browser waits on a loaded machine: expect.poll's 1-second default is too short for CI
    expect: { poll: { timeout: 15_000, interval: 100 } },
    hookTimeout: 120_000,
    globalSetup: ['apps/server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
