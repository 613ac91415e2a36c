import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import { ensureQueues } from '../jobs/jobs.ts';
import { APP_ROLE, appRoleUrl, type Database, openDatabase } from './database.ts';
import { pendingMigrations } from './migrate.ts';

const GRANT_LOCK = 7311004;
/** pg-boss's own queue for scheduled jobs (timekeeper.js) */
const SCHEDULER_QUEUE = '__pgboss__send-it';

/**
 * Opens the database the application works on. What needs the owner — migrations, reference data,
 * the job queue's tables, the application role's grants — runs first as the owner (DATABASE_OWNER_URL,
 * else DATABASE_URL's own role); then the application works as APP_ROLE, which cannot update, delete
 * or truncate the audit log, nor switch its triggers off, nor change any table's definition.
 *
 * - PostgreSQL server: the owner's connection is closed after set-up; the application's pool sets the
 *   role at connection start. With a login role of its own that is merely a member of APP_ROLE (the
 *   production set-up), nothing the application sends can get the owner's rights back.
 * - PGlite (one connection, a superuser): the session switches with SET ROLE. That stops every mistake
 *   and every statement the application makes, but SQL run in the session could RESET ROLE: the
 *   embedded database is for a trial or a small site, and docs/SECURITY.md says so.
 */
export async function openAsApplication(
  config: Config,
  given: Database | undefined,
  prepare: (owner: Database) => Promise<void>,
  log: (msg: string) => void,
  /** the module migration folders, to tell whether the owner has anything left to apply */
  migrationSources: readonly string[],
): Promise<Database> {
  if (given || config.embedded) {
    const database = given ?? (await openDatabase({ pgliteDir: config.pgliteDir }));
    await setUpAsOwner(database, prepare);
    // a caller's own server connection is left as given (no caller does this today)
    if (database.kind === 'pglite') await sql.raw(`SET ROLE ${APP_ROLE}`).execute(database.db);
    return database;
  }
  const owner = await openDatabase({ url: config.DATABASE_OWNER_URL ?? config.DATABASE_URL, poolSize: 2 });
  try {
    // without DATABASE_OWNER_URL, a DATABASE_URL that owns nothing (production, once migrated by the
    // owner as a release step) cannot set up: it only checks that nothing is left for the owner to do
    if (config.DATABASE_OWNER_URL || (await mayOwn(owner))) await setUpAsOwner(owner, prepare);
    else {
      const pending = await pendingMigrations(owner.db, migrationSources);
      if (pending.length)
        throw new Error(
          `migrations pending (${pending.join(', ')}): run grassroots db migrate with DATABASE_OWNER_URL set to the owner's connection`,
        );
    }
  } finally {
    await owner.close();
  }
  const database = await openDatabase({ url: appRoleUrl(config.DATABASE_URL!) });
  let superuser: boolean;
  try {
    const { rows } = await sql<{
      superuser: boolean;
    }>`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = session_user`.execute(database.db);
    superuser = rows[0]?.superuser ?? false;
  } catch (err) {
    await database.close();
    throw new Error(
      `DATABASE_URL's role cannot work as ${APP_ROLE} (${(err as Error).message}): give it the role with GRANT ${APP_ROLE} TO <its role>, see docs/SECURITY.md`,
      { cause: err },
    );
  }
  if (superuser)
    log(
      `warning: DATABASE_URL signs in as a superuser; the application works as ${APP_ROLE}, but give it a login role of its own (member of ${APP_ROLE}) and DATABASE_OWNER_URL for migrations, see docs/SECURITY.md`,
    );
  return database;
}

/** Whether the connection's role is a superuser or can act as the audit log's owner (true on an empty database). */
async function mayOwn(owner: Database): Promise<boolean> {
  const { rows } = await sql<{ may: boolean }>`
    SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
        OR coalesce((SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass('audit_log')), true) AS may`.execute(
    owner.db,
  );
  return rows[0]?.may ?? false;
}

/** Migrations, reference data and the job queue's tables and queues (`prepare`), then the grants. */
async function setUpAsOwner(owner: Database, prepare: (owner: Database) => Promise<void>) {
  await prepare(owner);
  // the benchmark's bare baseline endpoint (http/server.ts) writes here
  if (process.env.GRASSROOTS_BENCH_BASELINE === '1')
    await sql`CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload jsonb)`.execute(
      owner.db,
    );
  await grantAppRole(owner);
}

/**
 * pg-boss creates its schema and one table partition per queue: that is the owner's work. A short-lived
 * instance without supervision or schedules does it; the application's instance then only moves jobs.
 */
export async function installJobQueue(owner: Database, jobNames: readonly string[]) {
  const boss = new PgBoss({
    schema: 'pgboss',
    supervise: false,
    schedule: false,
    db: { executeSql: (text, values) => owner.pool.query(text, values as unknown[]) },
  });
  await boss.start();
  try {
    await ensureQueues(boss, jobNames);
    // the queue pg-boss's scheduler creates for itself when it starts: the application could not
    if (!(await boss.getQueue(SCHEDULER_QUEUE))) await boss.createQueue(SCHEDULER_QUEUE);
  } finally {
    await boss.stop({ graceful: false, wait: true, close: false });
  }
}

/** Grants the application role its rights on every table there is now (idempotent; one process at a time). */
export async function grantAppRole(owner: Database) {
  await owner.db.transaction().execute(async (tx) => {
    // concurrent GRANTs on one table fail with "tuple concurrently updated"
    await sql`SELECT pg_advisory_xact_lock(${GRANT_LOCK})`.execute(tx);
    await sql`SELECT grassroots_grant_app()`.execute(tx);
  });
}

/**
 * Runs `fn` with the owner's rights, for what is the owner's by design: a benchmark's baseline table,
 * history loaded as fixtures, a test playing an operator with database access. PGlite: the session
 * leaves the application role for the call; a server: a connection of its own to the owner's URL.
 */
export async function asOwner<T>(database: Database, config: Config, fn: (owner: Database) => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') {
    await sql`RESET ROLE`.execute(database.db);
    try {
      return await fn(database);
    } finally {
      await sql.raw(`SET ROLE ${APP_ROLE}`).execute(database.db);
    }
  }
  const owner = await openDatabase({ url: config.DATABASE_OWNER_URL ?? config.DATABASE_URL, poolSize: 1 });
  try {
    return await fn(owner);
  } finally {
    await owner.close();
  }
}
