import { type Actor, scopeOf } from '../../core/auth/actor.ts';
import type { Permission } from '../../core/auth/permissions.ts';
import type { Executor } from '../../core/db/database.ts';
import { AppError, forbidden } from '../../core/errors.ts';
import { findDepartmentById, findDepartmentInScope } from './centre.repository.ts';

/** Refuses (403, or 404 for a department that does not exist) unless the permission reaches the department. */
export async function requireDepartment(db: Executor, actor: Actor, permission: Permission, departmentId: string) {
  const scope = scopeOf(actor, permission);
  if (!scope) throw forbidden(permission);
  const found = await findDepartmentInScope(db, scope, departmentId);
  if (found) return;
  const exists = await findDepartmentById(db, departmentId);
  if (!exists) throw new AppError(404, 'not_found', '部门不存在', 'Department not found');
  throw new AppError(
    403,
    'forbidden',
    '该服务中心不在您的职责范围内',
    'This centre is outside your jurisdiction',
    undefined,
    { permission },
  );
}
