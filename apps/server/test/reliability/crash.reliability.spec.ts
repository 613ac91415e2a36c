import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/compose.ts';
import { sealAll, verifyAuditChain } from '../../src/core/audit/audit.ts';
import { readLog } from '../../src/core/cases/case.repository.ts';
import { deriveCase } from '../../src/core/cases/derive.ts';
import { shanghaiDateOf } from '../../src/core/time.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo.seed.ts';
import { testConfig } from '../config.ts';
import { testDatabaseUrl } from '../helpers.ts';
import { json, startServerProcess, stopProcess } from '../server-process.ts';

/**
 * kill -9 the server at random moments while clients take actions. Every action the server
 * acknowledged must be there exactly once, no case may be half-changed, the audit chain must hold,
 * and retrying the unacknowledged requests with their idempotency keys must not duplicate anything.
 */
const ROUNDS = 20;
const PORT = 3971;
let url: string;
let app: App;

interface Sent {
  kind: 'open' | 'accept';
  key: string;
  caseId?: string;
  acked: boolean;
  body: unknown;
  path: string;
}
const sent: Sent[] = [];
/** Every answer that is not a success, and every failure that is not the killed server's dropped connection: each one fails the test. */
const errors: string[] = [];

class Refused extends Error {}
/** fetch's own failure when the server died under it (refused, reset, closed mid-answer): the one error a kill -9 may cause. */
const isDroppedConnection = (e: unknown) =>
  e instanceof TypeError &&
  /fetch failed|terminated|other side closed/i.test(
    `${e.message} ${String((e as { cause?: { message?: string; code?: string } }).cause?.code ?? (e as { cause?: { message?: string } }).cause?.message ?? '')}`,
  );

beforeAll(async () => {
  url = await testDatabaseUrl();
});
afterAll(() => app?.close());

async function drive(base: string, stop: { now: boolean }, subjectId: string) {
  const login = await json(`${base}/api/v1/auth/login`, { body: { username: 'clerk', password: DEMO_PASSWORD } });
  if (login.status !== 200) {
    errors.push(`login ${login.status} ${JSON.stringify(login.body).slice(0, 200)}`);
    throw new Refused('login');
  }
  const token = login.body.token as string;
  const one = async (s: Sent) => {
    sent.push(s);
    const res = await json(`${base}${s.path}`, { token, body: s.body, headers: { 'idempotency-key': s.key } });
    // a success whose body the kill cut off is a dropped connection: not acknowledged, retried below
    if (res.status >= 200 && res.status < 300 && !res.body?.case?.id) throw new TypeError('terminated: answer cut off');
    if (res.status >= 200 && res.status < 300) {
      s.acked = true;
      s.caseId = res.body.case.id;
      return res.body.case as { id: string };
    }
    errors.push(`${s.kind} ${s.path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    throw new Refused(`refused ${res.status}`);
  };
  while (!stop.now) {
    const c = await one({
      kind: 'open',
      key: randomUUID(),
      acked: false,
      path: '/api/v1/cases',
      body: {
        typeCode: 'service_application',
        title: '崩溃测试',
        subject: { type: 'person', id: subjectId },
        fields: { item: 'x' },
      },
    });
    await one({
      kind: 'accept',
      key: randomUUID(),
      caseId: c.id,
      acked: false,
      path: `/api/v1/cases/${c.id}/actions/accept`,
      body: { expectedVersion: 1 },
    });
  }
}

describe('crash safety on PostgreSQL', () => {
  it(`survives ${ROUNDS} kill -9 under load`, { timeout: 600_000 }, async () => {
    const probe = await createApp(testConfig('/tmp', url));
    const clerk = await probe.db
      .selectFrom('users as u')
      .innerJoin('departments as d', 'd.id', 'u.department_id')
      .select('d.division_code')
      .where('u.username', '=', 'clerk')
      .executeTakeFirstOrThrow();
    const subject = await probe.db
      .selectFrom('persons')
      .select('id')
      .where('division_code', 'like', `${clerk.division_code.slice(0, 9)}%`)
      .limit(1)
      .executeTakeFirstOrThrow();
    await probe.close();
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startServerProcess({ databaseUrl: url, port: PORT });
      const stop = { now: false };
      // a dropped connection is what a kill does; anything else (a 4xx, a 5xx, a bug in the client) is counted
      const clients = Array.from({ length: 4 }, () =>
        drive(server.url, stop, subject.id).catch((e) => {
          if (!(e instanceof Refused) && !isDroppedConnection(e)) errors.push(`client: ${String(e).slice(0, 300)}`);
        }),
      );
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 1200));
      await stopProcess(server.proc, 'SIGKILL');
      stop.now = true;
      await Promise.all(clients);
    }
    // retry everything that was never acknowledged, with the same keys
    const server = await startServerProcess({ databaseUrl: url, port: PORT });
    const { body: session } = await json(`${server.url}/api/v1/auth/login`, {
      body: { username: 'clerk', password: DEMO_PASSWORD },
    });
    const unacked = sent.filter((s) => !s.acked);
    for (const s of unacked) {
      const res = await json(`${server.url}${s.path}`, {
        token: session.token,
        body: s.body,
        headers: { 'idempotency-key': s.key },
      });
      // a retried open either creates the case now or returns the first result; a retried accept meets a case whose opening was acknowledged
      if (res.status < 200 || res.status >= 300)
        errors.push(`retry ${s.kind} ${s.path} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    await stopProcess(server.proc);

    app = await createApp(testConfig('/tmp', url));
    expect(errors, `${errors.length} errors`).toEqual([]);
    const acked = sent.filter((s) => s.acked);
    expect(acked.length).toBeGreaterThan(ROUNDS);
    for (const s of acked.filter((x) => x.kind === 'open')) {
      expect(await app.db.selectFrom('cases').select('id').where('id', '=', s.caseId!).execute()).toHaveLength(1);
    }
    for (const s of acked.filter((x) => x.kind === 'accept')) {
      const log = await readLog(app.db, s.caseId!);
      expect(log.filter((a) => a.action === 'accept')).toHaveLength(1);
    }
    // no case half-changed: every stored row is what its log derives
    const calendar = await app.calendar.get();
    const rows = await app.db.selectFrom('cases').selectAll().where('title', '=', '崩溃测试').execute();
    for (const row of rows) {
      const log = await readLog(app.db, row.id);
      const d = deriveCase(app.cases.type(row.type_code), log, calendar, shanghaiDateOf(log[log.length - 1]!.at));
      expect([row.version, row.status, row.due_date]).toEqual([log.length, d.status, d.dueDate]);
    }
    const numbers = rows.map((r) => Number(r.number.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(numbers.length);
    await sealAll(app.db);
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, pending: 0 });
    console.log(
      `crash test: ${ROUNDS} kills, ${sent.length} requests sent, ${acked.length} acknowledged, ${unacked.length} retried, ${rows.length} cases, ${errors.length} errors`,
    );
  });
});
