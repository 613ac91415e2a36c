import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../test/api-client.ts';
import { testApp } from '../../test/helpers.ts';
import type { App } from '../app.ts';

/**
 * Property-based bad input against every operation of the OpenAPI document: wrong types, missing
 * fields, injection strings, Unicode edge cases. No 5xx; every 4xx is problem+json in both
 * languages; a refused request stores nothing.
 */
let app: App;
let api: ApiClient;
let sessions: Session[];
let operations: Array<{ method: 'GET' | 'POST'; path: string; body?: { properties?: Record<string, unknown> }; query?: string[] }>;
export const fuzzStats = { requests: 0, refused: 0 };

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  sessions = [await api.login('clerk'), await api.login('registrar'), await api.login('sysadmin')];
  const doc = (await api.call(undefined, 'GET', '/api/docs/json')).json();
  operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).filter(([m]) => m === 'get' || m === 'post').map(([m, op]) => ({
      method: m.toUpperCase() as 'GET' | 'POST',
      path,
      body: op.requestBody?.content?.['application/json']?.schema,
      query: (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name),
    })));
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const nasty = fc.constantFrom(
  "' OR '1'='1' --", "'; DROP TABLE persons; --", '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '１１０１０５１９４９１２３１００２Ｘ',
  '张\u200b三', '\u202e\u202d', '😀👨‍👩‍👧', '王'.repeat(5000), '', ' ', '\u0000', 'null', '../../etc/passwd', '%00', '${7*7}', '11010519491231002X', '00000000-0000-0000-0000-000000000000',
  '9'.repeat(40), '-1', '1e308', '2026-02-30', 'NaN',
);
const value: fc.Arbitrary<unknown> = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(nasty, { maxLength: 3 }), fc.object({ maxDepth: 2 }), fc.string());
const tableCounts = async () => (await sql<Record<string, number>>`SELECT
  (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_actions)::int AS actions,
  (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM organisations)::int AS organisations, (SELECT count(*) FROM users)::int AS users,
  (SELECT count(*) FROM divisions)::int AS divisions, (SELECT count(*) FROM documents)::int AS documents`.execute(app.db)).rows[0]!;

describe('bad input against every operation', () => {
  it('never answers 5xx, always problem+json, and stores nothing when it refuses', { timeout: 300_000 }, async () => {
    const fill = (path: string, v: string) => path.replace(/\{[^}]+\}/g, encodeURIComponent(v).slice(0, 200));
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), nasty, fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 4 }), fc.array(value, { maxLength: 8 }), async (opIndex, who, pathValue, extra, values) => {
        const op = operations[opIndex % operations.length]!;
        if (op.path.includes('/auth/logout') || op.path.includes('/totp/')) return; // they end or change the session under test
        const keys = Object.keys(op.body?.properties ?? {});
        const body = op.method === 'POST' ? { ...Object.fromEntries(keys.map((k, i) => [k, values[i % Math.max(1, values.length)]])), ...extra } : undefined;
        const query = (op.query ?? []).map((q, i) => `${q}=${encodeURIComponent(String(values[i] ?? pathValue)).slice(0, 300)}`).join('&');
        const url = `${fill(op.path, pathValue)}${query ? `?${query}` : ''}`;
        const before = await tableCounts();
        const res = await api.call(sessions[who % sessions.length], op.method, url, body);
        fuzzStats.requests++;
        expect(res.statusCode, `${op.method} ${url.slice(0, 150)} ${JSON.stringify(body)?.slice(0, 200)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          fuzzStats.refused++;
          expect(res.headers['content-type'], `${op.method} ${url.slice(0, 150)} → ${res.statusCode} ${res.body.slice(0, 200)}`).toMatch(/application\/problem\+json/);
          const p = res.json();
          expect(p).toMatchObject({ status: res.statusCode, code: expect.any(String), message: expect.any(String), messageEn: expect.any(String) });
          if (p.code === 'validation_failed') expect(p.field).toEqual(expect.any(String));
          expect(await tableCounts()).toEqual(before);
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
    console.log(`fuzz: ${fuzzStats.requests} requests over ${operations.length} operations, ${fuzzStats.refused} refused`);
  });
});
