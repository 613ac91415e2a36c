import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { Actor } from './actor.ts';

export const IDLE_MINUTES = 30;

export async function findUserByUsername(db: Executor, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Loads the actor with every grant; undefined for an unknown or disabled user. */
export async function loadActor(db: Executor, userId: string): Promise<Actor | undefined> {
  const user = await db
    .selectFrom('users as u')
    .innerJoin('departments as d', 'd.id', 'u.department_id')
    .innerJoin('divisions as v', 'v.code', 'd.division_code')
    .select(['u.id', 'u.username', 'u.display_name', 'u.department_id', 'u.active', 'v.code as division_code', 'v.path as division_path'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!user || !user.active) return undefined;
  const grants = await db
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', 'r.code', 'ur.role_code')
    .select(['ur.role_code', 'ur.scope', 'r.permissions', 'r.admin_kind'])
    .where('ur.user_id', '=', userId)
    .orderBy('ur.role_code')
    .execute();
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    departmentId: user.department_id,
    divisionCode: user.division_code,
    divisionPath: user.division_path,
    grants: grants.map((g) => ({ role: g.role_code, scope: g.scope, permissions: g.permissions, adminKind: g.admin_kind })),
  };
}

export async function insertSession(db: Executor, row: { tokenHash: Buffer; userId: string; csrfToken: string; secondFactorDone: boolean; ip: string | null }) {
  await db.insertInto('sessions').values({ token_hash: row.tokenHash, user_id: row.userId, csrf_token: row.csrfToken, second_factor_done: row.secondFactorDone, ip: row.ip }).execute();
}

/**
 * Finds a live session and touches it in one statement; an idle one is not returned.
 * The touch is skipped within a minute of the last one to spare writes under load.
 */
export async function touchSession(db: Executor, tokenHash: Buffer) {
  const { rows } = await sql<{ user_id: string; csrf_token: string; second_factor_done: boolean }>`
    UPDATE sessions SET last_seen_at = CASE WHEN last_seen_at < now() - interval '1 minute' THEN now() ELSE last_seen_at END
    WHERE token_hash = ${tokenHash} AND last_seen_at > now() - make_interval(mins => ${IDLE_MINUTES})
    RETURNING user_id, csrf_token, second_factor_done`.execute(db);
  return rows[0];
}

export async function deleteSession(db: Executor, tokenHash: Buffer) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteIdleSessions(db: Executor) {
  const r = await db.deleteFrom('sessions').where(sql<boolean>`last_seen_at < now() - make_interval(mins => ${IDLE_MINUTES})`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
