import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { GrantScope } from '../db/schema.ts';
import type { Actor } from './actor.ts';

export const IDLE_MINUTES = 30;

export async function findUserByUsername(db: Executor, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

interface ActorRow {
  id: string; username: string; display_name: string; department_id: string; active: boolean; division_code: string; division_path: string;
  grants: Array<{ role: string; scope: GrantScope; permissions: string[]; adminKind: string | null }>;
}

/** The actor's columns with every grant aggregated, joined to a row source that yields user_id. */
const actorColumns = sql`
  u.id, u.username, u.display_name, u.department_id, u.active, v.code AS division_code, v.path AS division_path,
  COALESCE((SELECT json_agg(json_build_object('role', ur.role_code, 'scope', ur.scope, 'permissions', r.permissions, 'adminKind', r.admin_kind) ORDER BY ur.role_code)
            FROM user_roles ur JOIN roles r ON r.code = ur.role_code WHERE ur.user_id = u.id), '[]'::json) AS grants`;

function toActor(row: ActorRow | undefined): Actor | undefined {
  if (!row || !row.active) return undefined;
  return { id: row.id, username: row.username, displayName: row.display_name, departmentId: row.department_id, divisionCode: row.division_code, divisionPath: row.division_path, grants: row.grants };
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
 * writes under load) and loads its actor. An idle session is not found.
 */
export async function authenticateSession(db: Executor, tokenHash: Buffer) {
  const { rows } = await sql<ActorRow & { csrf_token: string; second_factor_done: boolean }>`
    WITH s AS (
      UPDATE sessions SET last_seen_at = CASE WHEN last_seen_at < now() - interval '1 minute' THEN now() ELSE last_seen_at END
      WHERE token_hash = ${tokenHash} AND last_seen_at > now() - make_interval(mins => ${IDLE_MINUTES})
      RETURNING user_id, csrf_token, second_factor_done)
    SELECT s.csrf_token, s.second_factor_done, ${actorColumns}
    FROM s JOIN users u ON u.id = s.user_id JOIN departments d ON d.id = u.department_id JOIN divisions v ON v.code = d.division_code`.execute(db);
  const actor = toActor(rows[0]);
  return actor && { actor, csrfToken: rows[0]!.csrf_token, secondFactorDone: rows[0]!.second_factor_done };
}

export async function insertSession(db: Executor, row: { tokenHash: Buffer; userId: string; csrfToken: string; secondFactorDone: boolean; ip: string | null }) {
  await db.insertInto('sessions').values({ token_hash: row.tokenHash, user_id: row.userId, csrf_token: row.csrfToken, second_factor_done: row.secondFactorDone, ip: row.ip }).execute();
}

export async function deleteSession(db: Executor, tokenHash: Buffer) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteIdleSessions(db: Executor) {
  const r = await db.deleteFrom('sessions').where(sql<boolean>`last_seen_at < now() - make_interval(mins => ${IDLE_MINUTES})`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
