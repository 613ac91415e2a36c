import { AppError, forbidden } from '../errors.ts';
import type { GrantScope } from '../db/schema.ts';
import type { Permission } from './permissions.ts';

export interface Grant {
  role: string;
  scope: GrantScope;
  permissions: readonly string[];
  adminKind: string | null;
}

/** The person behind a request, with what she may do and where. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  departmentId: string;
  /** division of the actor's department, and its materialised path for subtree filters */
  divisionCode: string;
  divisionPath: string;
  grants: Grant[];
  ip?: string | null;
}

/**
 * Where a permission reaches, as data the repositories turn into SQL. Never a list of case ids:
 * the jurisdiction check happens in the query itself.
 */
export interface Scope {
  all: boolean;
  departmentIds: string[];
  divisionPaths: string[];
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.grants.some((g) => g.permissions.includes(permission));
}

export function scopeOf(actor: Actor, permission: Permission, roles?: readonly string[]): Scope | undefined {
  const grants = actor.grants.filter((g) => g.permissions.includes(permission) && (!roles || roles.includes(g.role)));
  if (grants.length === 0) return undefined;
  return {
    all: grants.some((g) => g.scope === 'all'),
    departmentIds: grants.some((g) => g.scope === 'department') ? [actor.departmentId] : [],
    divisionPaths: grants.some((g) => g.scope === 'subtree') ? [actor.divisionPath] : [],
  };
}

export function requireScope(actor: Actor, permission: Permission): Scope {
  const scope = scopeOf(actor, permission);
  if (!scope) throw forbidden(permission);
  return scope;
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw forbidden(permission);
}

/** A record is inside a scope when its department is one of ours or its division lies in our subtree. */
export function scopeCovers(scope: Scope, record: { departmentIds: string[]; divisionPath: string }): boolean {
  return (
    scope.all ||
    record.departmentIds.some((d) => scope.departmentIds.includes(d)) ||
    scope.divisionPaths.some((p) => record.divisionPath.startsWith(p))
  );
}

export const forbiddenFor = (permission: Permission, roles?: readonly string[]) =>
  new AppError(
    403,
    'forbidden',
    roles
      ? `无权执行此操作（需要以下角色之一：${roles.join('、')}，且办件在您的辖区内）`
      : `无权执行此操作（需要权限 ${permission}）`,
    roles
      ? `Not allowed (needs one of the roles ${roles.join(', ')} over this record)`
      : `Not allowed (needs permission ${permission})`,
    undefined,
    { permission, ...(roles ? { roles } : {}) },
  );
