import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type App, createApp } from '../src/compose.ts';
import { loadActor } from '../src/core/auth/auth.repository.ts';
import type { Actor } from '../src/core/auth/actor.ts';
import { openDatabase } from '../src/core/db/database.ts';
import type { Clock } from '../src/core/time.ts';
import type { SmsTransport } from '../src/core/sms.ts';
import { testConfig, withDatabaseName } from './config.ts';

/** A fresh copy of the seeded template database for this test file, with the whole app on top. */
export async function testApp(opts: { clock?: Clock; sms?: SmsTransport } = {}): Promise<App> {
  const template = inject('template');
  const dir = mkdtempSync(path.join(tmpdir(), 'grassroots-test-'));
  if (template.kind === 'postgres') {
    const name = copyName(template.name);
    const admin = new pg.Client({ connectionString: template.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.name}`);
    await admin.end();
    const url = withDatabaseName(template.url, name);
    return createApp(testConfig(dir, url), {
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.sms ? { sms: opts.sms } : {}),
    });
  }
  const database = await openDatabase({ pgliteDir: 'memory://', loadDataDir: new Blob([readFileSync(template.file)]) });
  return createApp(testConfig(dir), {
    database,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.sms ? { sms: opts.sms } : {}),
  });
}

/** A copy of the template is named after the run (gr_tpl_<pid> → gr_t_<pid>_…), so each run drops only its own. */
const copyName = (templateName: string) =>
  `${templateName.replace(/^gr_tpl_/, 'gr_t_')}_${randomBytes(6).toString('hex')}`;

export const onPostgres = () => inject('template').kind === 'postgres';

export async function actorNamed(app: App, username: string): Promise<Actor> {
  const u = await app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return (await loadActor(app.db, u.id))!;
}

/** A clock whose day the test moves, at 10:00 Beijing time. */
export function movableClock(day: string) {
  const state = { day };
  const clock: Clock = () => new Date(`${state.day}T10:00:00+08:00`);
  return {
    clock,
    set: (d: string) => {
      state.day = d;
    },
  };
}

export async function personIn(
  app: App,
  divisionPrefix: string,
): Promise<{ id: string; name: string; division_code: string }> {
  return app.db
    .selectFrom('persons')
    .select(['id', 'name', 'division_code'])
    .where('division_code', 'like', `${divisionPrefix}%`)
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** PostgreSQL only: a fresh copy of the template as its own database, for tests that run real server processes. */
export async function testDatabaseUrl(): Promise<string> {
  const template = inject('template');
  if (template.kind !== 'postgres') throw new Error('needs TEST_DATABASE_URL');
  const name = copyName(template.name);
  const admin = new pg.Client({ connectionString: template.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.name}`);
  await admin.end();
  return withDatabaseName(template.url, name);
}

/** An SMS gateway that keeps what it was asked to send. */
export class RecordingSms implements SmsTransport {
  readonly showsCode = false;
  readonly sent: Array<{ phone: string; text: string }> = [];
  async send(phone: string, text: string) {
    this.sent.push({ phone, text });
  }
  lastCode() {
    return /(\d{6})/.exec(this.sent.at(-1)!.text)![1]!;
  }
}
