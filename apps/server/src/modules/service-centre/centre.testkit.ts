import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { CatalogueService, parseServiceItem } from '../catalogue/index.ts';

/** An example guide for the centre's tests: a promised item with a 容缺 material and an uncounted step. */
export const centreTestItem = (over: Record<string, unknown> = {}) => parseServiceItem(centreTestGuide(over));
const centreTestGuide = (over: Record<string, unknown>) => ({
  code: 'CT-0001',
  name: '居住证明开具',
  kind: 'confirmation',
  departmentCode: '140882-BM1',
  window: '综合受理窗口',
  legalBasis: ['《居住证暂行条例》'],
  conditions: ['在本辖区居住的居民'],
  materials: [
    { name: '居民身份证', original: true },
    { name: '租房合同', required: false },
    { name: '户口簿', mayComeLater: true },
  ],
  steps: [{ name: '受理' }, { name: '入户核实', countsTowardLimit: false }, { name: '出具证明' }],
  statutoryDays: 10,
  promisedDays: 5,
  handlingMode: 'promised',
  fees: [],
  place: '城关街道便民服务中心',
  hours: '工作日 8:00-12:00',
  enquiryPhone: '0359-5030000',
  complaintPhone: '12345',
  appointment: true,
  ...over,
});

/** The first township's centre (the clerk's department) with two windows: a general one and one for CT-0001 only. */
export async function centreFixture(app: App, sysadmin: Actor) {
  const catalogue = new CatalogueService(app.db, app.clock);
  if (!(await app.db.selectFrom('service_items').select('id').where('code', '=', 'CT-0001').executeTakeFirst())) {
    await catalogue.create(sysadmin, centreTestItem());
    await catalogue.create(
      sysadmin,
      centreTestItem({
        code: 'CT-0002',
        name: '政策咨询',
        handlingMode: 'onTheSpot',
        statutoryDays: 0,
        promisedDays: 0,
        materials: [],
        steps: [{ name: '当场答复' }],
      }),
    );
    await catalogue.create(
      sysadmin,
      centreTestItem({
        code: 'CT-0003',
        name: '残疾人证申领',
        departmentCode: '140882-MZJ',
        handlingMode: 'forwarded',
        materials: [{ name: '居民身份证', original: true }],
      }),
    );
  }
  const centre = await app.db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('code', '=', '140882-BM1')
    .executeTakeFirstOrThrow();
  const windowOf = async (code: string, name: string, itemCodes: string[]) => {
    const found = await app.db
      .selectFrom('centre_windows')
      .select('id')
      .where('department_id', '=', centre.id)
      .where('code', '=', code)
      .executeTakeFirst();
    return (
      found?.id ??
      (
        await app.db
          .insertInto('centre_windows')
          .values({ department_id: centre.id, code, name, item_codes: itemCodes })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    );
  };
  return {
    centre,
    general: await windowOf('T1', '综合受理窗口', []),
    special: await windowOf('T2', '居住证明窗口', ['CT-0001']),
  };
}
