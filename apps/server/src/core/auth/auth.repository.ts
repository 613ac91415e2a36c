import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { GrantScope } from '../db/schema.ts';
import type { Actor } from './actor.ts';

export const IDLE_MINUTES = 30;
/** Default absolute lifetime of a staff session (GRASSROOTS_SESSION_MAX_HOURS). */
export const SESSION_MAX_HOURS = 12;
/** Window of the per-address failure count. */
export const ADDRESS_WINDOW_MINUTES = 15;

export async function findUserByUsername(db: Executor, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

interface ActorRow {
  id: string;
  username: string;
  display_name: string;
  department_id: string;
  active: boolean;
  division_code: string;
  division_path: string;
  grants: Array<{ role: string; scope: GrantScope; permissions: string[]; adminKind: string | null }>;
}

/** The actor's columns with every grant aggregated, joined to a row source that yields user_id. */
const actorColumns = sql`
  u.id, u.username, u.display_name, u.department_id, u.active, v.code AS division_code, v.path AS division_path,
  COALESCE((SELECT json_agg(json_build_object('role', ur.role_code, 'scope', ur.scope, 'permissions', r.permissions, 'adminKind', r.admin_kind) ORDER BY ur.role_code)
            FROM user_roles ur JOIN roles r ON r.code = ur.role_code WHERE ur.user_id = u.id), '[]'::json) AS grants`;

function toActor(row: ActorRow | undefined): Actor | undefined {
  if (!row || !row.active) return undefined;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    departmentId: row.department_id,
    divisionCode: row.division_code,
    divisionPath: row.division_path,
    grants: row.grants,
  };
}

/** Loads the actor with every grant; undefined for an unknown or disabled user. */
export async function loadActor(db: Executor, userId: string): Promise<Actor | undefined> {
  const { rows } = await sql<ActorRow>`
    SELECT ${actorColumns} FROM users u JOIN departments d ON d.id = u.department_id JOIN divisions v ON v.code = d.division_code
    WHERE u.id = ${userId}`.execute(db);
  return toActor(rows[0]);
}

/**
 * One statement per request: finds a live session, touches it (at most once a minute, to spare
 * writes under load) and loads its actor. An idle session is not found, nor one older than the
 * absolute lifetime: a stolen token that is kept busy still dies. The touch is a separate UPDATE in
 * the same statement that matches no row while the session was seen within the minute, so most
 * requests only read: an UPDATE that sets the same value still writes a row version and makes the
 * request's commit wait for a WAL flush.
 */
export async function authenticateSession(db: Executor, tokenHash: Buffer, maxHours = SESSION_MAX_HOURS) {
  const live = sql`token_hash = ${tokenHash} AND last_seen_at > now() - make_interval(mins => ${IDLE_MINUTES})
        AND created_at > now() - make_interval(secs => ${maxHours * 3600})`;
  const { rows } = await sql<ActorRow & { csrf_token: string; second_factor_done: boolean }>`
    WITH s AS (SELECT user_id, csrf_token, second_factor_done FROM sessions WHERE ${live}),
    touched AS (UPDATE sessions SET last_seen_at = now() WHERE ${live} AND last_seen_at < now() - interval '1 minute')
    SELECT s.csrf_token, s.second_factor_done, ${actorColumns}
    FROM s JOIN users u ON u.id = s.user_id JOIN departments d ON d.id = u.department_id JOIN divisions v ON v.code = d.division_code`.execute(
    db,
  );
  const actor = toActor(rows[0]);
  return actor && { actor, csrfToken: rows[0]!.csrf_token, secondFactorDone: rows[0]!.second_factor_done };
}

export async function insertSession(
  db: Executor,
  row: { tokenHash: Buffer; userId: string; csrfToken: string; secondFactorDone: boolean; ip: string | null },
) {
  await db
    .insertInto('sessions')
    .values({
      token_hash: row.tokenHash,
      user_id: row.userId,
      csrf_token: row.csrfToken,
      second_factor_done: row.secondFactorDone,
      ip: row.ip,
    })
    .execute();
}

export async function deleteSession(db: Executor, tokenHash: Buffer) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** The worker's sweep: idle and expired sessions, and per-address failure counts whose window has passed. */
export async function deleteIdleSessions(db: Executor, maxHours = SESSION_MAX_HOURS) {
  const r = await db
    .deleteFrom('sessions')
    .where(
      sql<boolean>`last_seen_at < now() - make_interval(mins => ${IDLE_MINUTES}) OR created_at < now() - make_interval(secs => ${maxHours * 3600})`,
    )
    .executeTakeFirst();
  await db
    .deleteFrom('login_address_failures')
    .where(sql<boolean>`window_started < now() - make_interval(mins => ${ADDRESS_WINDOW_MINUTES})`)
    .execute();
  return Number(r.numDeletedRows);
}

/**
 * Counts one failed sign-in of an account in a single statement, so concurrent failures all count.
 * From the threshold on the account backs off for 1 minute, doubling with each further failure up
 * to the cap. A failure while the account is backed off is not counted (the row is not matched,
 * also when a concurrent failure started the back-off a moment ago): guessing cannot stretch a
 * back-off beyond the cap. Returns undefined when nothing was counted.
 */
export async function countAccountFailure(db: Executor, userId: string, maxFailures: number, capMinutes: number) {
  const { rows } = await sql<{ failed_logins: number; locked_until: Date | null }>`
    UPDATE users SET failed_logins = failed_logins + 1,
      locked_until = CASE WHEN failed_logins + 1 >= ${maxFailures}
        THEN now() + make_interval(secs => LEAST(${capMinutes * 60}, 60 * power(2, LEAST(failed_logins + 1 - ${maxFailures}, 30))))
        ELSE locked_until END
    WHERE id = ${userId} AND (locked_until IS NULL OR locked_until <= now())
    RETURNING failed_logins, locked_until`.execute(db);
  const row = rows[0];
  return (
    row && { failures: row.failed_logins, backedOffUntil: row.failed_logins >= maxFailures ? row.locked_until : null }
  );
}

/** Counts one failed sign-in from a client address in its window (one statement); returns the count. */
export async function countAddressFailure(db: Executor, address: string): Promise<number> {
  const { rows } = await sql<{ failures: number }>`
    INSERT INTO login_address_failures AS f (address, window_started, failures) VALUES (${address}, now(), 1)
    ON CONFLICT (address) DO UPDATE SET
      failures = CASE WHEN f.window_started <= now() - make_interval(mins => ${ADDRESS_WINDOW_MINUTES}) THEN 1 ELSE f.failures + 1 END,
      window_started = CASE WHEN f.window_started <= now() - make_interval(mins => ${ADDRESS_WINDOW_MINUTES}) THEN now() ELSE f.window_started END
    RETURNING failures`.execute(db);
  return rows[0]!.failures;
}

export async function addressFailures(db: Executor, address: string): Promise<number> {
  const { rows } = await sql<{ failures: number }>`
    SELECT failures FROM login_address_failures WHERE address = ${address} AND window_started > now() - make_interval(mins => ${ADDRESS_WINDOW_MINUTES})`.execute(
    db,
  );
  return rows[0]?.failures ?? 0;
}

/**
 * Accepts a TOTP time step once per user: records it only if it is later than the last one accepted
 * (one statement, so two concurrent uses of the same code cannot both pass). False for a replay.
 */
export async function consumeTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const { rows } = await sql`
    UPDATE users SET totp_last_step = ${step} WHERE id = ${userId} AND (totp_last_step IS NULL OR totp_last_step < ${step}) RETURNING id`.execute(
    db,
  );
  return rows.length === 1;
}
