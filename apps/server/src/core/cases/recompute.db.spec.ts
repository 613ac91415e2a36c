import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { recomputeOpenCases } from './recompute.ts';

let app: App;
const day = movableClock('2026-12-21');
beforeAll(async () => {
  app = await testApp({ clock: day.clock });
});
afterAll(async () => {
  await app?.close();
});

describe('a provisional next year', () => {
  it('gives a deadline in next year on its statutory holidays, marked provisional, and moves it when the notice is loaded', async () => {
    const calendar = await app.calendar.get();
    expect(calendar.isProvisional(2027)).toBe(true);
    expect(calendar.describe('2027-02-05')).toEqual({ working: false, reason: '春节假期（暂定）' });
    expect(await app.calendar.missingNextYearWarning('2026-12-21')).toMatch(/暂按法定节假日/);

    const clerk = await actorNamed(app, 'clerk');
    const subject = await personIn(app, clerk.divisionCode.slice(0, 9));
    let c = (
      await app.cases.open(clerk, {
        typeCode: 'service_application',
        title: '跨年办件',
        subject: { type: 'person', id: subject.id },
        fields: { item: '跨年' },
      })
    ).case;
    c = (await app.cases.act(clerk, c.id, 'accept', { expectedVersion: c.version, fields: {}, attachments: [] })).case;
    // 20 working days from 21 December: 8 in 2026, 1 January off (statutory), then 4–19 January
    expect(c.clocks.find((k) => k.code === 'statutory')!.dueDate).toBe('2027-01-19');

    // a notice (made up for the test) that adds 4 January off and a make-up Saturday 9 January
    const sysadmin = await actorNamed(app, 'sysadmin');
    await app.calendar.load(
      {
        year: 2027,
        notice: { title: '测试用通知（非真实）' },
        festivals: [{ name: '元旦', daysOff: ['2027-01-01', '2027-01-04'], makeUpWorkdays: ['2027-01-09'] }],
      },
      { id: sysadmin.id, name: 'sysadmin' },
    );
    expect((await app.calendar.get()).isProvisional(2027)).toBe(false);
    expect(await recomputeOpenCases(app, 2027, day.clock())).toBe(0);
    const after = await app.db.selectFrom('cases').select('clocks').where('id', '=', c.id).executeTakeFirstOrThrow();
    // one day lost (4 January), one gained (Saturday 9 January): the same date, reached differently
    expect(
      (after.clocks as Array<{ code: string; dueDate: string }>).find((k) => k.code === 'statutory')!.dueDate,
    ).toBe('2027-01-19');
    await app.calendar.load(
      {
        year: 2027,
        notice: { title: '测试用通知（非真实）' },
        festivals: [{ name: '元旦', daysOff: ['2027-01-01', '2027-01-04'], makeUpWorkdays: [] }],
      },
      { id: sysadmin.id, name: 'sysadmin' },
    );
    expect(await recomputeOpenCases(app, 2027, day.clock())).toBe(1);
    const moved = await app.db
      .selectFrom('cases')
      .select(['clocks', 'version'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(
      (moved.clocks as Array<{ code: string; dueDate: string }>).find((k) => k.code === 'statutory')!.dueDate,
    ).toBe('2027-01-20');
    expect(moved.version).toBe(2);
  });
});
