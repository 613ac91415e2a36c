import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from './actor.ts';

/**
 * The jurisdiction check as a SQL condition, so that no list or lookup can forget it: a record is
 * visible when its department is in the scope, or its division lies under a scope subtree.
 * Division paths run through successors after a re-zoning, so old codes stay visible.
 */
export function inScope(
  scope: Scope,
  columns: { department?: string; assisting?: string; division: string },
): Expression<SqlBool> {
  // an unqualified column would be read inside the subquery below as its own divisions row: always in reach
  if (!columns.division.includes('.'))
    throw new Error(`inScope needs a qualified division column (table.column), got "${columns.division}"`);
  if (scope.all) return sql<SqlBool>`true`;
  const parts = [];
  if (columns.department && scope.departmentIds.length) {
    parts.push(sql`${sql.ref(columns.department)} = ANY(${scope.departmentIds}::uuid[])`);
  }
  if (columns.assisting && scope.departmentIds.length) {
    parts.push(sql`${sql.ref(columns.assisting)} && ${scope.departmentIds}::uuid[]`);
  }
  if (scope.divisionPaths.length) {
    const patterns = scope.divisionPaths.map((p) => `${p}%`);
    parts.push(
      sql`EXISTS (SELECT 1 FROM divisions jd WHERE jd.code = ${sql.ref(columns.division)} AND jd.path LIKE ANY(${patterns}::text[]))`,
    );
  }
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}
