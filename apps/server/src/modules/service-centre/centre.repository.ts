import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';

/**
 * The centre's departments an actor reaches with a permission, as SQL: a department-scoped clerk
 * her own centre, a subtree grant every centre in the subtree, an "all" grant every centre.
 */
export function departmentsInScope(db: Executor, scope: Scope) {
  return db
    .selectFrom('departments as dep')
    .select('dep.id')
    .where(inScope(scope, { department: 'dep.id', division: 'dep.division_code' }));
}

/** The department if the scope reaches it (a department-scoped clerk her own centre, a subtree grant those under it). */
export async function findDepartmentInScope(db: Executor, scope: Scope, departmentId: string) {
  return departmentsInScope(db, scope).where('dep.id', '=', departmentId).executeTakeFirst();
}

export async function findDepartmentById(db: Executor, departmentId: string) {
  return db.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst();
}

/** A window with its centre; throws 404 when unknown. */
export async function getWindow(db: Executor, windowId: string) {
  const w = await db.selectFrom('centre_windows').selectAll().where('id', '=', windowId).executeTakeFirst();
  if (!w) throw new AppError(404, 'not_found', '窗口不存在', 'Window not found');
  return w;
}

/** A department by its code (the office responsible for a catalogue item); throws when missing. */
export async function getDepartmentByCode(db: Executor, code: string) {
  return db
    .selectFrom('departments')
    .select(['id', 'name', 'address', 'phone', 'hours'])
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
}

export async function getDepartmentName(db: Executor, id: string) {
  return db.selectFrom('departments').select('name').where('id', '=', id).executeTakeFirstOrThrow();
}

export async function getDepartmentIdByCode(db: Executor, code: string) {
  return db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow();
}
