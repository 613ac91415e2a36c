import autocannon from 'autocannon';
import { appRoleUrl } from '../apps/server/src/core/db/database.ts';
import { seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import { DEMO_PASSWORD } from '../apps/server/src/demo/demo.seed.ts';
import { buildServer } from '../apps/server/src/http/server.ts';
import {
  benchApp,
  type DbKind,
  freshDatabase,
  log,
  type Measurement,
  SCALES,
  type Scale,
  startBenchServer,
} from './lib.ts';
import { freshValues, type RecordedStatement, recordStatements, replayStatements } from './sql-replay.ts';

const PORT = 3900;
const CONNECTIONS = 32;

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'clerk', password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

const openBodyFor = (personId: string) => ({
  typeCode: 'service_application',
  title: '压力测试',
  subject: { type: 'person', id: personId },
  fields: { item: '压力测试' },
});

/**
 * The statements one command (open a case, accept it) sends, recorded twice from an application in
 * this process through HTTP (inject), and each connection's own session token hash: what the
 * replay baseline sends. The database must be PostgreSQL (the replay goes over the network).
 */
async function recordCommand(target: { url?: string; dataDir: string }, connections: number) {
  const app = await benchApp(target);
  const server = await buildServer(app);
  try {
    const signIn = async () => {
      const r = await server.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'clerk', password: DEMO_PASSWORD },
      });
      return { authorization: `Bearer ${(r.json() as { token: string }).token}` };
    };
    const headers = await signIn();
    const persons = (
      await server.inject({ method: 'GET', url: '/api/v1/persons?name=%E7%8E%8B&limit=1', headers })
    ).json() as Array<{ id: string }>;
    const command = async () => {
      const opened = await server.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers,
        payload: openBodyFor(persons[0]!.id),
      });
      if (opened.statusCode !== 201) throw new Error(`open: ${opened.statusCode} ${opened.body}`);
      const id = (opened.json() as { case: { id: string } }).case.id;
      const accepted = await server.inject({
        method: 'POST',
        url: `/api/v1/cases/${id}/actions/accept`,
        headers,
        payload: { expectedVersion: 1 },
      });
      if (accepted.statusCode !== 200) throw new Error(`accept: ${accepted.statusCode} ${accepted.body}`);
    };
    await command(); // warm: first-use work (a new sequence, caches) is not what is replayed
    const first = await recordStatements(command);
    const second = await recordStatements(command);
    // the session's token hash each connection sends instead of the recorded one: its own sign-in's
    const recordedHash = (s: RecordedStatement[]) => s[0]!.values.find((v): v is Buffer => Buffer.isBuffer(v))!;
    const ownHash = recordedHash(first).toString('hex');
    const buffersPerConnection: Array<Map<string, Buffer>> = [];
    for (let i = 0; i < connections; i++) {
      const own = await signIn();
      const seen = await recordStatements(async () => {
        await server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: own });
      });
      buffersPerConnection.push(new Map([[ownHash, recordedHash(seen)]]));
    }
    return { statements: first, fresh: freshValues(first, second), buffersPerConnection };
  } finally {
    await server.close();
    await app.close();
  }
}

/**
 * 32 connections for the scale's duration against a real server process: each connection opens a
 * case and accepts it (session, permissions, case number, clocks, audit, receipt, job), against a
 * bare endpoint on the same server doing one INSERT in a transaction, and (PostgreSQL) against the
 * same statements replayed by 32 plain database sessions without the application.
 */
export async function httpBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const seconds = SCALES[scale].httpSeconds;
  const target = await freshDatabase(db, `http_${scale}`);
  const setup = await benchApp(target);
  await seedDemo(setup, { persons: 2000, seed: 2026 });
  await setup.close();
  // recorded before the load, on the same database: what the replay sends is what this build sends
  const recorded = db === 'postgres' ? await recordCommand(target, CONNECTIONS) : undefined;
  if (recorded) {
    log(
      `recorded ${recorded.statements.length} statements per command (open + accept), ${recorded.fresh.size} fresh values`,
    );
    // BENCH_SHOW_SQL=1 lists them: which statements a command sends is the lever on this benchmark
    if (process.env.BENCH_SHOW_SQL)
      recorded.statements.forEach((s, i) => log(`  ${i + 1}. ${s.text.replace(/\s+/g, ' ').slice(0, 300)}`));
  }
  const server = await startBenchServer(target, PORT, {
    GRASSROOTS_BENCH_BASELINE: '1',
    GRASSROOTS_TODAY: '2026-11-20',
    // 32 sign-ins from one address in a second would trip the sign-in rate limit
    GRASSROOTS_RATE_LIMIT_ALLOWLIST: '127.0.0.1',
  });
  try {
    const base = server.base;
    // a session per connection, as 32 clerks at 32 windows would have (one shared session is no fair load)
    const tokens = await Promise.all(Array.from({ length: CONNECTIONS }, () => login(base)));
    const headersOf = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const persons = (await (
      await fetch(`${base}/api/v1/persons?name=%E7%8E%8B&limit=1`, { headers: headersOf(tokens[0]!) })
    ).json()) as Array<{ id: string }>;
    const openBody = JSON.stringify(openBodyFor(persons[0]!.id));
    let next = 0;
    const ours = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/cases',
          body: openBody,
          setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
            context.token ??= tokens[next++ % CONNECTIONS];
            return { ...req, headers: headersOf(context.token as string) };
          },
          onResponse: (status: number, body: string, context: Record<string, unknown>) => {
            if (status === 201) context.caseId = JSON.parse(body).case.id;
          },
        },
        {
          method: 'POST',
          body: JSON.stringify({ expectedVersion: 1 }),
          setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => ({
            ...req,
            headers: headersOf(context.token as string),
            path: `/api/v1/cases/${context.caseId}/actions/accept`,
          }),
        },
      ],
    } as autocannon.Options);
    log(
      `ours: ${ours.requests.average} req/s, p99 ${ours.latency.p99} ms, non-2xx ${ours.non2xx}, errors ${ours.errors}`,
    );
    const baseline = await autocannon({
      url: `${base}/bench/baseline`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: seconds,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });
    log(`baseline: ${baseline.requests.average} req/s, p99 ${baseline.latency.p99} ms`);
    const ratio = ours.requests.average / baseline.requests.average;
    const replayed = recorded && (await replayMeasurement(target.url!, recorded, seconds, ours, scale));
    return [
      {
        name: 'case actions over HTTP',
        db,
        scale,
        work: `32 connections × ${seconds} s: open a case, accept it (receipt, audit, clocks)`,
        ours: {
          value: Math.round(ours.requests.average),
          unit: 'req/s',
          detail: {
            p50: ours.latency.p50,
            p99: ours.latency.p99,
            total: ours.requests.total,
            non2xx: ours.non2xx,
            errors: ours.errors,
          },
        },
        baseline: {
          value: Math.round(baseline.requests.average),
          unit: 'req/s',
          what: 'bare endpoint, one INSERT in a transaction',
          detail: { p50: baseline.latency.p50, p99: baseline.latency.p99 },
        },
        ratio: +ratio.toFixed(3),
        goal: '≥ 0.25 of the baseline; p99 < 100 ms',
        met: ratio >= 0.25 && ours.latency.p99 < 100 && ours.non2xx === 0,
      },
      ...(replayed ? [replayed] : []),
    ];
  } finally {
    await server.stop();
  }
}

/**
 * Ours against the same SQL without the application: the recorded statements of one command (open +
 * accept: two HTTP requests) replayed by 32 database sessions, each in its own transactions, with
 * fresh ids, numbers and codes each time; counted as two requests per replayed command.
 */
async function replayMeasurement(
  url: string,
  recorded: Awaited<ReturnType<typeof recordCommand>>,
  seconds: number,
  ours: autocannon.Result,
  scale: Scale,
): Promise<Measurement> {
  const replay = await replayStatements(
    appRoleUrl(url),
    recorded.statements,
    recorded.fresh,
    recorded.buffersPerConnection,
    seconds,
  );
  const perSecond = replay.perSecond * 2;
  log(
    `replayed SQL: ${perSecond.toFixed(1)} req/s (${replay.total} commands, p99 ${replay.p99} ms per command), errors ${replay.errors}${replay.firstError ? ` (${replay.firstError})` : ''}`,
  );
  const ratio = ours.requests.average / perSecond;
  return {
    name: 'case actions over HTTP, against the same SQL replayed',
    db: 'postgres',
    scale,
    work: `32 connections × ${seconds} s: open a case, accept it; the replay sends the ${recorded.statements.length} statements the two requests sent`,
    ours: { value: Math.round(ours.requests.average), unit: 'req/s', detail: { p99: ours.latency.p99 } },
    baseline: {
      value: Math.round(perSecond),
      unit: 'req/s',
      what: `the same ${recorded.statements.length} statements replayed by 32 pg sessions without the application (2 requests per replayed command)`,
      detail: { commands: replay.total, p50: replay.p50, p99: replay.p99, errors: replay.errors },
    },
    ratio: +ratio.toFixed(3),
    goal: '≥ 0.8 of the replayed SQL',
    met: ratio >= 0.8 && replay.errors === 0,
  };
}
