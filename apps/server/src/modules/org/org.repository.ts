import { type Insertable, sql } from 'kysely';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { OrganisationsTable } from './org.schema.ts';

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

export async function markDivisionEnded(tx: Tx, code: string, validUntil: string, successorCode: string) {
  await tx
    .updateTable('divisions')
    .set({ valid_until: validUntil, successor_code: successorCode })
    .where('code', '=', code)
    .execute();
}

/** The current children of a division among `codes`. */
export async function listCurrentChildrenAmong(tx: Tx, parentCode: string, codes: string[]) {
  return tx
    .selectFrom('divisions')
    .selectAll()
    .where('parent_code', '=', parentCode)
    .where('valid_until', 'is', null)
    .where('code', 'in', codes)
    .execute();
}

export async function markSplitFrom(tx: Tx, code: string, fromCode: string) {
  await tx.updateTable('divisions').set({ split_from: fromCode }).where('code', '=', code).execute();
}

export async function setParent(tx: Tx, code: string, parentCode: string) {
  await tx.updateTable('divisions').set({ parent_code: parentCode }).where('code', '=', code).execute();
}

export async function insertDepartment(
  tx: Tx,
  values: { code: string; name: string; kind: string; division_code: string; phone: string | null },
) {
  return tx.insertInto('departments').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function divisionExists(tx: Tx, code: string) {
  return !!(await tx.selectFrom('divisions').select('code').where('code', '=', code).executeTakeFirst());
}

export async function creditCodeRegistered(tx: Tx, creditCode: string) {
  return !!(await tx.selectFrom('organisations').select('id').where('credit_code', '=', creditCode).executeTakeFirst());
}

export async function insertOrganisation(tx: Tx, values: Insertable<OrganisationsTable>) {
  return tx.insertInto('organisations').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Outside parties are not within anyone's jurisdiction: every member of staff reads them all. */
export async function listOrganisations(db: Executor, q: { kind?: string | undefined; name?: string | undefined }) {
  let b = db.selectFrom('organisations').select(['id', 'name', 'kind', 'credit_code', 'division_code', 'phone']);
  if (q.kind) b = b.where('kind', '=', q.kind);
  if (q.name) b = b.where('name', 'like', `%${q.name.replace(/[%_\\]/g, '\\$&')}%`);
  return b.orderBy('name').limit(200).execute();
}

/** Provinces there are: none means the national division seed has not been loaded yet. */
export async function countProvinces(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('divisions')
    .select(sql<number>`count(*)`.as('n'))
    .where('level', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
