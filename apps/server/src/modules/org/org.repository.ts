import { sql } from 'kysely';
import type { Executor } from '../../core/db/database.ts';

export interface DivisionRow {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  validFrom?: string;
}

/** Inserts divisions whose parents are already present or earlier in the list; path is computed from the parent. */
export async function insertDivisions(db: Executor, rows: DivisionRow[]) {
  const known = new Map<string, string>();
  const parentCodes = [...new Set(rows.map((r) => r.parentCode).filter((c): c is string => !!c))];
  for (let i = 0; i < parentCodes.length; i += 5000) {
    const found = await db
      .selectFrom('divisions')
      .select(['code', 'path'])
      .where('code', 'in', parentCodes.slice(i, i + 5000))
      .execute();
    for (const f of found) known.set(f.code, f.path);
  }
  const values = rows.map((r) => {
    const parentPath = r.parentCode ? known.get(r.parentCode) : '/';
    if (parentPath === undefined) throw new Error(`division ${r.code}: parent ${r.parentCode} unknown`);
    const path = `${parentPath}${r.code}/`;
    known.set(r.code, path);
    return {
      code: r.code,
      name: r.name,
      level: r.level,
      parent_code: r.parentCode,
      path,
      ...(r.validFrom ? { valid_from: r.validFrom } : {}),
    };
  });
  for (let i = 0; i < values.length; i += 1000) {
    await db
      .insertInto('divisions')
      .values(values.slice(i, i + 1000))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}

export async function getDivision(db: Executor, code: string) {
  return db.selectFrom('divisions').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listChildren(db: Executor, code: string, onDate?: string) {
  let q = db.selectFrom('divisions').selectAll().where('parent_code', '=', code);
  if (onDate)
    q = q
      .where('valid_from', '<=', onDate)
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', onDate)]));
  return q.orderBy('code').execute();
}

/** Re-roots a subtree: every path under oldPrefix now starts with newPrefix. */
export async function rewritePaths(db: Executor, oldPrefix: string, newPrefix: string) {
  await sql`UPDATE divisions SET path = ${newPrefix} || substr(path, ${oldPrefix.length + 1}) WHERE path LIKE ${oldPrefix + '%'}`.execute(
    db,
  );
}
