import { type Insertable, sql } from 'kysely';
import type { Db, Executor, Tx } from '../../core/db/database.ts';
import type { ServiceItemsTable } from './catalogue.schema.ts';

/** 办事指南 items, one row per version; the catalogue is public, so no read takes a scope. */

export async function itemCodeExists(tx: Tx, code: string) {
  return !!(await tx.selectFrom('service_items').select('id').where('code', '=', code).executeTakeFirst());
}

/** Locks the current version of an item (a revision and an import row). */
export async function lockCurrentVersion(tx: Tx, code: string) {
  return tx
    .selectFrom('service_items')
    .select(['id', 'version'])
    .where('code', '=', code)
    .where('current', '=', true)
    .forUpdate()
    .executeTakeFirst();
}

export async function retireVersion(tx: Tx, id: string) {
  await tx.updateTable('service_items').set({ current: false }).where('id', '=', id).execute();
}

export async function departmentCodeExists(tx: Tx, code: string) {
  return !!(await tx.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirst());
}

export async function insertItemVersion(tx: Tx, values: Insertable<ServiceItemsTable>) {
  return tx.insertInto('service_items').values(values).returning(['id', 'version']).executeTakeFirstOrThrow();
}

/** The current version, or the given one. */
export async function findItem(db: Db, code: string, version?: number) {
  return db
    .selectFrom('service_items')
    .selectAll()
    .where('code', '=', code)
    .$if(version === undefined, (q) => q.where('current', '=', true))
    .$if(version !== undefined, (q) => q.where('version', '=', version!))
    .executeTakeFirst();
}

const listColumns = [
  'code',
  'version',
  'name',
  'kind',
  'department_code',
  'handling_mode',
  'promised_days',
  'limit_unit',
] as const;

export async function listCurrentItems(db: Db, limit: number) {
  return db
    .selectFrom('service_items')
    .select(listColumns)
    .where('current', '=', true)
    .orderBy('code')
    .limit(limit)
    .execute();
}

/**
 * A substring anywhere in the search text, or trigram word similarity ≥ 0.3. The two are asked
 * apart and united so that each uses the trigram index (an OR of them scans every item).
 */
export async function searchCurrentItems(db: Db, term: string, limit: number) {
  return db.transaction().execute(async (tx) => {
    await sql`SET LOCAL pg_trgm.word_similarity_threshold = 0.3`.execute(tx);
    const like = `%${term.replace(/[%_\\]/g, '\\$&')}%`;
    return tx
      .selectFrom('service_items')
      .select(listColumns)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('service_items')
          .select('id')
          .where('current', '=', true)
          .where('search_text', 'like', like)
          .union(
            eb
              .selectFrom('service_items')
              .select('id')
              .where('current', '=', true)
              .where(sql<boolean>`${term} <% search_text`),
          ),
      )
      .orderBy(sql`word_similarity(${term}, name)`, 'desc')
      .orderBy('code')
      .limit(limit)
      .execute();
  });
}

/**
 * The benchmark's baseline of the catalogue search (bench/centre.bench.ts): the same statements as
 * `searchCurrentItems`, written bare, with none of the application around them.
 */
export async function benchBaselineSearch(db: Db, q: string) {
  return db.transaction().execute(async (tx) => {
    await sql`SET LOCAL pg_trgm.word_similarity_threshold = 0.3`.execute(tx);
    return (
      await sql`SELECT code, name FROM service_items WHERE id IN (SELECT id FROM service_items WHERE current AND search_text LIKE ${`%${q}%`} UNION SELECT id FROM service_items WHERE current AND ${q} <% search_text) ORDER BY word_similarity(${q}, name) DESC, code LIMIT 20`.execute(
        tx,
      )
    ).rows;
  });
}

export async function listAllCurrentItems(db: Db) {
  return db.selectFrom('service_items').selectAll().where('current', '=', true).orderBy('code').execute();
}

/** The current version's terms, read when a case for the item opens (the case keeps this version). */
export async function findCurrentTerms(db: Executor, code: string) {
  return db
    .selectFrom('service_items')
    .select(['code', 'version', 'name', 'promised_days', 'statutory_days', 'limit_unit', 'handling_mode', 'guide'])
    .where('code', '=', code)
    .where('current', '=', true)
    .executeTakeFirst();
}

/** The current version of every item of these departments, by code (the printed guide's content). */
export async function listCurrentItemsOfDepartments(db: Db, departmentCodes: string[]) {
  return db
    .selectFrom('service_items')
    .select([...listColumns, 'statutory_days', 'guide'])
    .where('current', '=', true)
    .where('department_code', 'in', departmentCodes)
    .orderBy('code')
    .execute();
}
