import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/compose.ts';
import { ApiClient, type Session } from '../api-client.ts';
import { FUZZ_SEED, fuzzEveryRoute, storedBadValues } from '../fuzz.ts';
import { testApp } from '../helpers.ts';

/**
 * The fuzzer of fuzz.api.spec.ts with hundreds of seeded cases per route and method (RELIABILITY=1;
 * about 40,000 requests, under five minutes on two cores). FUZZ_RUNS changes the count, FUZZ_SEED
 * replays a printed seed.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
let app: App;
let api: ApiClient;
let sessions: Session[];

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  sessions = await Promise.all(
    [
      'clerk',
      'registrar',
      'sysadmin',
      'township',
      'supervisor',
      'community',
      'approver',
      'secadmin',
      'auditor',
      'operator',
    ].map((u) => api.login(u)),
  );
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('bad input against every route and method, hundreds of cases each', () => {
  it(
    `never answers 5xx, stores nothing it refuses and nothing impossible (${RUNS} runs per operation)`,
    { timeout: 900_000 },
    async () => {
      const report = await fuzzEveryRoute(app, api, sessions, { runs: RUNS, seed: FUZZ_SEED, log: console.log });
      console.log(
        `fuzz (reliability): ${report.requests} requests over ${report.operations} operations, ${report.refused} refused, by status ${JSON.stringify(report.byStatus)}`,
      );
      expect(report.failures).toEqual([]);
      expect(report.requests).toBeGreaterThanOrEqual(report.operations * Math.min(RUNS, 100));
      const bad = await storedBadValues(app);
      expect(bad, bad.join('\n')).toEqual([]);
    },
  );
});
