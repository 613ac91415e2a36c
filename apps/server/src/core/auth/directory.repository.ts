import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/**
 * The organisation as the console lists it: users with their grants, roles, departments, divisions.
 * None of these lists is jurisdiction-bound: the caller checks the permission that opens the whole list
 * (user.manage, role.manage) or limits it to the actor's own department.
 */

/** Every user with the department and the grants (role and scope); for the security administrator. */
export async function listUsersWithRoles(db: Executor) {
  return db
    .selectFrom('users as u')
    .innerJoin('departments as d', 'd.id', 'u.department_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.active',
      'u.totp_enabled',
      'u.locked_until',
      'd.name as department',
      sql<
        Array<{ role: string; scope: string }>
      >`COALESCE((SELECT json_agg(json_build_object('role', ur.role_code, 'scope', ur.scope) ORDER BY ur.role_code) FROM user_roles ur WHERE ur.user_id = u.id), '[]')`.as(
        'roles',
      ),
    ])
    .orderBy('u.username')
    .limit(1000)
    .execute();
}

export async function listRoles(db: Executor) {
  return db.selectFrom('roles').select(['code', 'name', 'permissions', 'admin_kind']).orderBy('code').execute();
}

export async function userExists(db: Executor, userId: string) {
  return !!(await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst());
}

/** The active members of a department (the caller passes the actor's own). */
export async function listActiveMembers(db: Executor, departmentId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name as displayName'])
    .where('department_id', '=', departmentId)
    .where('active', '=', true)
    .orderBy('username')
    .execute();
}

/** The names of a department and of its division (the actor's own, for "who am I"). */
export async function getDepartmentPlace(db: Executor, departmentId: string) {
  return db
    .selectFrom('departments as d')
    .innerJoin('divisions as v', 'v.code', 'd.division_code')
    .select(['d.name as department', 'v.name as division'])
    .where('d.id', '=', departmentId)
    .executeTakeFirstOrThrow();
}

/** Active departments: public knowledge inside the console (transfers and assignments name them). */
export async function listActiveDepartments(db: Executor) {
  return db
    .selectFrom('departments')
    .select(['id', 'code', 'name', 'kind', 'division_code', 'phone'])
    .where('active', '=', true)
    .orderBy('code')
    .execute();
}

/** A division's children, current and former, with successor and split history (the zoning is public). */
export async function listDivisionHistory(db: Executor, parentCode: string) {
  return db
    .selectFrom('divisions as v')
    .leftJoin('divisions as s', 's.code', 'v.successor_code')
    .leftJoin('divisions as f', 'f.code', 'v.split_from')
    .select([
      'v.code',
      'v.name',
      'v.level',
      'v.valid_from',
      'v.valid_until',
      'v.successor_code',
      's.name as successor_name',
      'v.split_from',
      'f.name as split_from_name',
      sql<
        string | null
      >`(SELECT string_agg(k.name, '、' ORDER BY k.code) FROM divisions k WHERE k.split_from = v.code)`.as(
        'split_into',
      ),
      sql<number>`(SELECT count(*)::int FROM divisions k WHERE k.parent_code = v.code)`.as('children'),
    ])
    .where('v.parent_code', '=', parentCode)
    .orderBy('v.code')
    .execute();
}
