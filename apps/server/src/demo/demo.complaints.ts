import type { App } from '../compose.ts';

/** The demo's routing rules (派单规则): property matters to 住建局 with the township office assisting; social matters to 民政局. */
export async function seedComplaintsDemo(app: App, countyCode: string) {
  const dept = async (suffix: string) =>
    (
      await app.db
        .selectFrom('departments')
        .select('id')
        .where('code', '=', `${countyCode}-${suffix}`)
        .executeTakeFirstOrThrow()
    ).id;
  const [housing, civil, township] = [await dept('ZJJ'), await dept('MZJ'), await dept('ZF1')];
  await app.db
    .insertInto('complaint_routes')
    .values([
      { category_code: 'property', lead_department_id: housing, assisting_department_ids: [township] },
      { category_code: 'social', lead_department_id: civil, assisting_department_ids: [] },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
}
