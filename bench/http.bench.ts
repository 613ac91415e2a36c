import autocannon from 'autocannon';
import { seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import { DEMO_PASSWORD } from '../apps/server/src/demo/demo.seed.ts';
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

/**
 * 32 connections for the scale's duration against a real server process: each connection opens a
 * case and accepts it (session, permissions, gap-free numbers, clocks, audit, receipt, job), against
 * a bare endpoint on the same server doing one INSERT in a transaction.
 */
export async function httpBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const seconds = SCALES[scale].httpSeconds;
  const target = await freshDatabase(db, `http_${scale}`);
  const setup = await benchApp(target);
  await seedDemo(setup, { persons: 2000, seed: 2026 });
  await setup.close();
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
    const openBody = JSON.stringify({
      typeCode: 'service_application',
      title: '压力测试',
      subject: { type: 'person', id: persons[0]!.id },
      fields: { item: '压力测试' },
    });
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
    ];
  } finally {
    await server.stop();
  }
}
