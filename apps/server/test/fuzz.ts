import { isCalendarDate } from '@grassroots/contracts';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { App } from '../src/compose.ts';
import type { ApiClient, Session } from './api-client.ts';
import { fieldsOf, nasty, type JsonSchema } from './fuzz-values.ts';

/**
 * Bad input against every route and method of the route table (issue 15): wrong types, missing and
 * extra fields, injection strings, Unicode edge cases, impossible dates, NUL. Seeded and repeatable:
 * each operation runs with `seed + its index`, and the seed is printed, so a failure is replayed by
 * running the same seed. A 5xx fails; every refusal is problem+json in both languages; a refused
 * write stores nothing; and at the end no table holds an impossible date or a NUL.
 */
export interface FuzzOperation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  body?: JsonSchema;
  query: Array<{ name: string; schema?: JsonSchema; required?: boolean }>;
}

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261203);

/** Operations that end or change the fuzzer's own sessions: they have their own tests. */
const SKIPPED = new Set([
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/totp/begin',
  'POST /api/v1/auth/totp/confirm',
  'POST /api/v1/auth/password',
]);

/** Parameters of the routes the OpenAPI document hides (GeoReport v2 speaks its own form). */
const HIDDEN_QUERY: Record<string, string[]> = {
  '/open311/v2/requests': ['service_request_id', 'service_code', 'start_date', 'end_date', 'status'],
  '/open311/v2/requests.json': ['service_request_id', 'service_code', 'start_date', 'end_date', 'status'],
  '/open311/v2/requests.xml': ['service_request_id', 'service_code', 'start_date', 'end_date', 'status'],
};
const OPEN311_BODY: JsonSchema = {
  type: 'object',
  properties: Object.fromEntries(
    [
      'service_code',
      'jurisdiction_id',
      'address_string',
      'lat',
      'long',
      'description',
      'first_name',
      'last_name',
      'phone',
    ].map((k) => [k, { type: 'string' }]),
  ),
};

/** The part of an OpenAPI operation the fuzzer reads. */
interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema; required?: boolean }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Every route of the route table with what the OpenAPI document says of its body and query. */
export async function fuzzOperations(api: ApiClient): Promise<FuzzOperation[]> {
  const doc = (await api.call(undefined, 'GET', '/api/docs/json')).json() as {
    paths: Record<string, Record<string, OpenApiOperation>>;
  };
  const byRoute = new Map<string, OpenApiOperation>();
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(ops))
      byRoute.set(`${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`, op);
  const seen = new Set<string>();
  return api.server.routeTable
    .filter((r) => ['GET', 'POST', 'PUT', 'DELETE'].includes(r.method) && !SKIPPED.has(`${r.method} ${r.url}`))
    .filter((r) => !seen.has(`${r.method} ${r.url}`) && seen.add(`${r.method} ${r.url}`))
    .map((r) => {
      const op = byRoute.get(`${r.method} ${r.url}`);
      const query = op
        ? (op.parameters ?? [])
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, schema: p.schema, required: !!p.required }))
        : (HIDDEN_QUERY[r.url] ?? []).map((name) => ({ name }));
      const body =
        op?.requestBody?.content?.['application/json']?.schema ??
        (r.url.startsWith('/open311/') ? OPEN311_BODY : undefined);
      return { method: r.method as FuzzOperation['method'], url: r.url, query, ...(body ? { body } : {}) };
    });
}

/** A few keys of every kind of stored record (ids, numbers, codes), in a fixed order so the seed replays. */
async function knownKeys(app: App): Promise<string[]> {
  const keys: string[] = [];
  const sources: Array<[string, string]> = [
    ['cases', 'id'],
    ['cases', 'number'],
    ['persons', 'id'],
    ['households', 'number'],
    ['documents', 'id'],
    ['documents', 'verification_code'],
    ['departments', 'id'],
    ['users', 'id'],
    ['divisions', 'code'],
    ['assistance_entitlements', 'id'],
    ['care_beneficiaries', 'id'],
    ['payment_cycles', 'id'],
    ['disputes', 'id'],
    ['centre_windows', 'id'],
    ['queue_tickets', 'id'],
    ['appointments', 'id'],
    ['service_items', 'code'],
    ['complaint_categories', 'code'],
    ['imports', 'id'],
  ];
  for (const [table, column] of sources) {
    try {
      const rows = (
        await sql<{
          k: string;
        }>`SELECT ${sql.ref(column)}::text AS k FROM ${sql.table(table)} ORDER BY 1 LIMIT 3`.execute(app.db)
      ).rows;
      keys.push(...rows.map((r) => r.k));
    } catch {
      // a table another module may not have: its keys are simply not offered
    }
  }
  return keys.length ? keys : ['00000000-0000-0000-0000-000000000000'];
}

const counts = async (app: App) =>
  (
    await sql<Record<string, number>>`SELECT
  (SELECT count(*) FROM persons)::int AS persons, (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_actions)::int AS actions,
  (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM organisations)::int AS organisations, (SELECT count(*) FROM users)::int AS users,
  (SELECT count(*) FROM divisions)::int AS divisions, (SELECT count(*) FROM documents)::int AS documents, (SELECT count(*) FROM complaints)::int AS complaints,
  (SELECT count(*) FROM care_beneficiaries)::int AS beneficiaries, (SELECT count(*) FROM assistance_rule_versions)::int AS rules`.execute(
      app.db,
    )
  ).rows[0]!;

export interface FuzzReport {
  operations: number;
  requests: number;
  refused: number;
  byStatus: Record<number, number>;
  failures: string[];
}

/** Runs `runs` seeded cases against each operation; an operation stops at its first failure, which is reported (with its request and seed) and the next one runs. */
export async function fuzzEveryRoute(
  app: App,
  api: ApiClient,
  sessions: Session[],
  opts: { runs: number; seed?: number; log?: (line: string) => void },
): Promise<FuzzReport> {
  const seed = opts.seed ?? FUZZ_SEED;
  const operations = await fuzzOperations(api);
  const report: FuzzReport = { operations: operations.length, requests: 0, refused: 0, byStatus: {}, failures: [] };
  opts.log?.(`fuzz: seed ${seed} (FUZZ_SEED=${seed} replays it), ${operations.length} operations × ${opts.runs} runs`);
  const known = await knownKeys(app);
  for (const [index, op] of operations.entries()) {
    // real keys of stored records take a request past "not found" into the service with bad input
    const pathValue = fc.oneof(
      { arbitrary: fc.constantFrom(...known), weight: 3 },
      fc.uuid(),
      nasty,
      fc.constantFrom('140882', '140882001001', 'SQ-2026-000001', '2026-10-08', 'x.json', 'x.xml'),
    );
    const body = op.body ? fieldsOf(op.body, known) : fc.constant(undefined);
    const querySchema: JsonSchema = {
      type: 'object',
      properties: Object.fromEntries(op.query.map((q) => [q.name, q.schema ?? { type: 'string' }])),
      required: op.query.filter((q) => q.required).map((q) => q.name),
    };
    const query = fieldsOf(querySchema, known).map((v) =>
      op.query.map((p) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[p.name] : undefined)),
    );
    const failure = await fc.check(
      fc.asyncProperty(
        fc.nat(),
        fc.array(pathValue, { minLength: 3, maxLength: 3 }),
        body,
        query,
        fc.dictionary(fc.string({ maxLength: 8 }), nasty, { maxKeys: 2 }),
        async (who, params, b, q, extra) => {
          let i = 0;
          // a lone surrogate cannot travel in a URL at all: it goes as U+FFFD, as a browser would send it
          const enc = (v: string) =>
            encodeURIComponent(
              v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
            );
          const path = op.url
            .replace(/:[A-Za-z]+/g, () => enc(String(params[i++ % params.length])).slice(0, 300))
            .replace(/\*$/, () => enc(String(params[0])));
          const qs = [
            ...op.query.map((p, k) => [p.name, q[k]] as const).filter(([, v]) => v !== undefined),
            ...Object.entries(extra),
          ]
            .map(([k, v]) => `${enc(k)}=${enc(typeof v === 'object' ? JSON.stringify(v) : String(v)).slice(0, 600)}`)
            .join('&');
          const url = `${path}${qs ? `?${qs}` : ''}`;
          const payload = op.method === 'GET' || op.method === 'DELETE' ? undefined : b === undefined ? extra : b;
          const before = op.method === 'GET' ? undefined : await counts(app);
          const res = await api.call(
            who % (sessions.length + 1) === sessions.length ? undefined : sessions[who % (sessions.length + 1)],
            op.method,
            url,
            payload,
          );
          report.requests++;
          report.byStatus[res.statusCode] = (report.byStatus[res.statusCode] ?? 0) + 1;
          const what = `${op.method} ${url.slice(0, 200)} ${JSON.stringify(payload)?.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          if (res.statusCode < 400) return;
          report.refused++;
          if (op.url.startsWith('/api/v1/')) {
            expect(res.headers['content-type'], what).toMatch(/application\/problem\+json/);
            const p = res.json();
            expect(p, what).toMatchObject({
              status: res.statusCode,
              code: expect.any(String),
              message: expect.any(String),
              messageEn: expect.any(String),
            });
            if (p.code === 'validation_failed') expect(p.field, what).toEqual(expect.any(String));
          }
          if (before) expect(await counts(app), `a refused request stored something: ${what}`).toEqual(before);
        },
      ),
      { numRuns: opts.runs, seed: seed + index, endOnFailure: true },
    );
    if (index % 25 === 24)
      opts.log?.(
        `fuzz: ${index + 1}/${operations.length} operations, ${report.requests} requests, ${report.failures.length} failed`,
      );
    if (failure.failed) {
      const line = `${op.method} ${op.url} (seed ${seed + index}): ${String(
        (failure.errorInstance as Error | undefined)?.message ?? 'failed',
      )
        .split('\n')[0]!
        .slice(0, 700)}`;
      report.failures.push(line);
      opts.log?.(`fuzz FAILED ${line}`);
    }
  }
  return report;
}

// keys and columns that hold a date: birthDate, effectiveFrom, heldOn, valid_from, due, day …
// case matters: heldOn and valid_on are dates, reason and photo are not
const DATE_KEY =
  /(^|[a-z_])([dD]ate|[dD]ays?|[sS]ince|[uU]ntil|[eE]ffective|[dD]ue|[bB]irth|[mM]onth|[pP]eriod)$|[a-z](From|To|On|At)$|_(from|to|on|at)$|^(from|to|on|at)$/;

/** Stored values that must never exist: an impossible date under a date-like key or column, or a NUL. */
export async function storedBadValues(app: App): Promise<string[]> {
  const columns = (
    await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('jsonb', 'json', 'text', 'character varying')`.execute(
      app.db,
    )
  ).rows;
  const bad: string[] = [];
  const walk = (where: string, key: string, v: unknown) => {
    if (typeof v === 'string') {
      if (v.includes('\u0000')) bad.push(`${where}.${key}: NUL`);
      if (DATE_KEY.test(key) && /^\d{4}-\d{2}-\d{2}/.test(v) && !isCalendarDate(v.slice(0, 10)))
        bad.push(`${where}.${key}: ${v.slice(0, 30)}`);
    } else if (Array.isArray(v)) v.forEach((x) => walk(where, key, x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(where, k, x);
  };
  for (const c of columns) {
    const isJson = c.data_type.startsWith('json');
    if (!isJson && !DATE_KEY.test(c.column_name)) continue;
    const rows = (
      await sql<{
        v: unknown;
      }>`SELECT ${sql.ref(c.column_name)} AS v FROM ${sql.table(c.table_name)} WHERE ${sql.ref(c.column_name)} IS NOT NULL LIMIT 20000`.execute(
        app.db,
      )
    ).rows;
    for (const r of rows) walk(`${c.table_name}.${c.column_name}`, c.column_name, r.v);
  }
  return [...new Set(bad)];
}
