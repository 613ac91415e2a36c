import type { Executor, Tx } from '../../core/db/database.ts';

// The category tree and its dispatch rules: reference data, the same for every jurisdiction (no scope).

export async function listCategories(db: Executor) {
  return db
    .selectFrom('complaint_categories')
    .select(['code', 'name', 'parent_code as parentCode', 'description'])
    .orderBy('parent_code', 'asc')
    .orderBy('position')
    .execute();
}

export async function findParentCategoryCode(db: Executor, code: string) {
  return (await db.selectFrom('complaint_categories').select('parent_code').where('code', '=', code).executeTakeFirst())
    ?.parent_code;
}

export async function categoryExists(db: Executor, code: string) {
  return !!(await db.selectFrom('complaint_categories').select('code').where('code', '=', code).executeTakeFirst());
}

/** The category's own dispatch rule, if it has one (not its parent's). */
export async function findCategoryRoute(db: Executor, categoryCode: string) {
  return db
    .selectFrom('complaint_routes')
    .select(['lead_department_id as leadDepartmentId', 'assisting_department_ids as assistingDepartmentIds'])
    .where('category_code', '=', categoryCode)
    .executeTakeFirst();
}

export async function upsertCategoryRoute(
  tx: Tx,
  categoryCode: string,
  route: { leadDepartmentId: string; assistingDepartmentIds: string[] },
) {
  await tx
    .insertInto('complaint_routes')
    .values({
      category_code: categoryCode,
      lead_department_id: route.leadDepartmentId,
      assisting_department_ids: route.assistingDepartmentIds,
    })
    .onConflict((oc) =>
      oc.column('category_code').doUpdateSet({
        lead_department_id: route.leadDepartmentId,
        assisting_department_ids: route.assistingDepartmentIds,
      }),
    )
    .execute();
}

/** Marks a category public (Open311) or internal; undefined when there is no such category. */
export async function setCategoryPublic(tx: Tx, code: string, isPublic: boolean) {
  return tx
    .updateTable('complaint_categories')
    .set({ public: isPublic })
    .where('code', '=', code)
    .returning('code')
    .executeTakeFirst();
}

export async function publicCategoryExists(db: Executor, code: string) {
  return !!(await db
    .selectFrom('complaint_categories')
    .select('code')
    .where('code', '=', code)
    .where('public', '=', true)
    .executeTakeFirst());
}

/** The public leaves of the tree, with their parent's name: Open311's services. */
export async function listPublicLeafCategories(db: Executor) {
  return db
    .selectFrom('complaint_categories as c')
    .leftJoin('complaint_categories as p', 'p.code', 'c.parent_code')
    .select(['c.code', 'c.name', 'c.description', 'p.name as group'])
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('complaint_categories as k').select('k.code').whereRef('k.parent_code', '=', 'c.code')),
      ),
    )
    .where('c.public', '=', true)
    .orderBy('c.code')
    .execute();
}
