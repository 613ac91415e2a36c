import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient as Api, ApiClient, type Session } from '../../../test/api-client.ts';
import { testConfig, withDatabaseName } from '../../../test/config.ts';
import { actorNamed, personIn, testDatabaseUrl } from '../../../test/helpers.ts';
import { type App, createApp } from '../../compose.ts';

/**
 * A real streaming replica (scripts/pg-replica.sh; CI sets TEST_REPLICA_URL in its PostgreSQL phase).
 * Replay on the replica is paused while a user writes, so the replica is provably behind: the writer's
 * own reads must come from the primary and show the write; another user's read comes from the replica
 * (the write not there yet); once replay resumes, the writer reads from the replica again.
 */
const REPLICA = process.env.TEST_REPLICA_URL;

describe.skipIf(!REPLICA)('reads on a streaming replica', () => {
  let app: App;
  let api: Api;
  let replicaAdmin: pg.Client;
  let clerk: Session;
  let supervisor: Session;

  beforeAll(async () => {
    const url = await testDatabaseUrl();
    const replicaUrl = withDatabaseName(REPLICA!, new URL(url).pathname.slice(1));
    // the new database reaches the replica by replication: wait until it is there (a loaded machine's
    // replica may be a minute behind)
    for (let i = 0; ; i++) {
      replicaAdmin = new pg.Client({ connectionString: replicaUrl });
      try {
        await replicaAdmin.connect();
        break;
      } catch (err) {
        await replicaAdmin.end().catch(() => {});
        if (i > 600) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'grassroots-replica-'));
    app = await createApp({ ...testConfig(dir, url), DATABASE_REPLICA_URL: replicaUrl });
    api = await ApiClient.create(app);
    clerk = await api.login('clerk');
    supervisor = await api.login('supervisor');
  }, 180_000);
  afterAll(async () => {
    await replicaAdmin?.query('SELECT pg_wal_replay_resume()').catch(() => {});
    await replicaAdmin?.end();
    await api?.close();
    await app?.close();
  });

  const newest = async (session: Session, list: string) => {
    const res = await api.call(session, 'GET', `/api/v1/cases?list=${list}&sort=opened&limit=20`);
    expect(res.statusCode).toBe(200);
    return (res.json().items as Array<{ number: string }>).map((i) => i.number);
  };
  const routed = () => ({ ...app.reads.routed });

  it('sends a read by a user who wrote nothing to the replica', async () => {
    const db = await app.reads.reader(await actorNamed(app, 'supervisor'));
    const { rows } = await sql<{
      standby: boolean;
      port: number;
    }>`SELECT pg_is_in_recovery() AS standby, inet_server_port() AS port`.execute(db);
    expect(rows[0]).toEqual({ standby: true, port: Number(new URL(REPLICA!).port) });
    const before = routed();
    await newest(supervisor, 'all');
    expect(routed()).toEqual({ ...before, replica: before.replica + 1 });
  });

  it("keeps a writer's reads on the primary until the replica has replayed the write", async () => {
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    const person = await personIn(app, (await actorNamed(app, 'clerk')).divisionCode.slice(0, 9));
    const opened = await api.call(clerk, 'POST', '/api/v1/cases', {
      typeCode: 'service_application',
      title: '只读副本测试',
      subject: { type: 'person', id: person.id },
      fields: { item: '只读副本测试' },
    });
    expect(opened.statusCode).toBe(201);
    const number: string = opened.json().case.number;

    // the writer, at once: the primary, with the case
    let before = routed();
    expect(await newest(clerk, 'department')).toContain(number);
    expect(routed()).toEqual({ ...before, primary: before.primary + 1 });
    // the person search and the dashboard of the writer too
    before = routed();
    const found = await api.call(clerk, 'GET', `/api/v1/persons?name=${encodeURIComponent(person.name)}`);
    expect(found.statusCode, found.body).toBe(200);
    const board = await api.call(clerk, 'GET', '/api/v1/dashboard/cases');
    expect(board.statusCode, board.body).toBe(200);
    expect(routed()).toEqual({ ...before, primary: before.primary + 2 });

    // another user: the replica, which has not replayed the write (so this read really was the replica's)
    before = routed();
    expect(await newest(supervisor, 'all')).not.toContain(number);
    expect(routed()).toEqual({ ...before, replica: before.replica + 1 });

    await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    // once replayed, both read the replica and both see the case
    await expect.poll(() => newest(supervisor, 'all'), { timeout: 150_000, interval: 200 }).toContain(number);
    before = routed();
    expect(await newest(clerk, 'department')).toContain(number);
    expect(routed()).toEqual({ ...before, replica: before.replica + 1 });
  }, 180_000);
});
