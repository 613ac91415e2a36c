import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../test/api-client.ts';
import { FUZZ_SEED, fuzzEveryRoute, storedBadValues } from '../../test/fuzz.ts';
import { testApp } from '../../test/helpers.ts';
import type { App } from '../compose.ts';

/**
 * Property-based bad input against every route and method of the route table, a few seeded cases
 * each (the reliability run, RELIABILITY=1, sends hundreds each: test/reliability/fuzz.reliability.spec.ts).
 * No 5xx; every refusal is problem+json in both languages; a refused write stores nothing; no table
 * holds an impossible date or a NUL afterwards. Replay a failure with FUZZ_SEED=<the printed seed>.
 */
let app: App;
let api: ApiClient;
let sessions: Session[];

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  sessions = [
    await api.login('clerk'),
    await api.login('registrar'),
    await api.login('sysadmin'),
    await api.login('township'),
    await api.login('supervisor'),
  ];
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('bad input against every route and method', () => {
  it(
    'never answers 5xx, always problem+json, stores nothing when it refuses and no impossible value at all',
    { timeout: 600_000 },
    async () => {
      const report = await fuzzEveryRoute(app, api, sessions, {
        runs: Number(process.env.FUZZ_RUNS ?? 3),
        seed: FUZZ_SEED,
        log: console.log,
      });
      console.log(
        `fuzz: ${report.requests} requests over ${report.operations} operations, ${report.refused} refused, by status ${JSON.stringify(report.byStatus)}`,
      );
      expect(report.failures).toEqual([]);
      expect(report.operations).toBeGreaterThan(150);
      const bad = await storedBadValues(app);
      expect(bad, bad.join('\n')).toEqual([]);
    },
  );
});
