import type { App } from '../compose.ts';
import type { Actor } from '../core/auth/actor.ts';
import { today } from '../core/time.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['秀英', '建国', '桂兰', '志强', '丽华', '海燕', '红梅', '国庆', '晓东', '玉兰'];

/**
 * The demo's township centres: three windows each (a general one, one for social affairs, one for
 * enterprises and agency), slots on the next 20 working days, a consultant for every village, and
 * an enterprise to open an agency package for.
 */
export async function seedCentreDemo(app: App, sysadmin: Actor, countyCode: string) {
  const { appointments } = app.centre;
  const centres = await app.db
    .selectFrom('departments')
    .select(['id', 'code'])
    .where('kind', '=', 'service_centre')
    .where('code', 'like', `${countyCode}-BM%`)
    .orderBy('code')
    .execute();
  const from = today(app.clock);
  const to = (await app.calendar.get()).addDays(from, 20);
  for (const centre of centres) {
    await appointments.addWindow(sysadmin, { departmentId: centre.id, code: '1', name: '综合受理窗口', itemCodes: [] });
    await appointments.addWindow(sysadmin, {
      departmentId: centre.id,
      code: '2',
      name: '社会事务窗口',
      itemCodes: ['DEMO-0001', 'DEMO-0002'],
    });
    await appointments.addWindow(sysadmin, {
      departmentId: centre.id,
      code: '3',
      name: '企业服务（代办）窗口',
      itemCodes: [],
    });
    await appointments.generateSlots(sysadmin, {
      departmentId: centre.id,
      from,
      to,
      times: [
        { startsAt: '09:00', endsAt: '10:00', capacity: 4 },
        { startsAt: '10:00', endsAt: '11:00', capacity: 4 },
        { startsAt: '15:00', endsAt: '16:00', capacity: 4 },
        { startsAt: '16:00', endsAt: '17:00', capacity: 4 },
      ],
    });
  }
  const villages = await app.db
    .selectFrom('divisions')
    .select('code')
    .where('level', '=', 5)
    .where('code', 'like', `${countyCode}%`)
    .orderBy('code')
    .execute();
  if (villages.length) {
    await app.db
      .insertInto('village_consultants')
      .values(
        villages.map((v, i) => ({
          division_code: v.code,
          name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
          phone: `139${String(35_900_000 + i).padStart(8, '0')}`,
          updated_at: app.clock(),
        })),
      )
      .execute();
  }
  // an enterprise for the agency walk-through (its credit code ends in 34XY)
  if (centres[0]) {
    const township = await app.db
      .selectFrom('departments')
      .select('division_code')
      .where('id', '=', centres[0].id)
      .executeTakeFirstOrThrow();
    await app.db
      .insertInto('organisations')
      .values({
        name: '河津市恒达新材料有限公司',
        kind: 'enterprise',
        credit_code: '91140882MA0K1234XY',
        division_code: township.division_code,
        phone: '0359-5088888',
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    // and a property company, for the four-party meetings and the prior consultation (事先征求意见)
    await app.db
      .insertInto('organisations')
      .values({
        name: '河津市龙门物业服务有限公司',
        kind: 'property_company',
        credit_code: '91140882MA0K5678PQ',
        division_code: township.division_code,
        phone: '0359-5066666',
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return { centres: centres.length, villages: villages.length };
}
