import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { AppointmentsService } from './appointments.service.ts';
import { centreFixture } from './centre.testkit.ts';

let app: App;
let appointments: AppointmentsService;
let sysadmin: Actor;
let fx: Awaited<ReturnType<typeof centreFixture>>;
const day = movableClock('2026-09-28');

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  appointments = new AppointmentsService(app.db, app.cipher, app.calendar, app.clock, app.boss);
  sysadmin = await actorNamed(app, 'sysadmin');
  fx = await centreFixture(app, sysadmin);
});
afterAll(async () => {
  await app?.close();
});

const phone = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;

describe('appointment slots', () => {
  it('are made on working days only: the National Day holiday skipped, the make-up Saturday kept, a peak day enlarged', async () => {
    await appointments.setPeakDay(sysadmin, {
      departmentId: fx.centre.id,
      day: '2026-10-08',
      extraCapacity: 5,
      reason: '节后第一天',
    });
    const made = await appointments.generateSlots(sysadmin, {
      departmentId: fx.centre.id,
      from: '2026-09-28',
      to: '2026-10-11',
      windowIds: [fx.general],
      times: [{ startsAt: '09:00', endsAt: '10:00', capacity: 3 }],
    });
    const rows = await app.db
      .selectFrom('appointment_slots')
      .select(['day', 'capacity', 'peak'])
      .where('window_id', '=', fx.general)
      .orderBy('day')
      .execute();
    // 9-28, 9-29, 9-30, then 10-08, 10-09 and the make-up Saturday 10-10 (2026: 调休 on 9-20 and 10-10)
    expect(rows.map((r) => r.day)).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ]);
    expect(made).toEqual({ created: 6, days: 6 });
    expect(rows.find((r) => r.day === '2026-10-08')).toMatchObject({ capacity: 8, peak: true });
    // a second run keeps what exists
    expect(
      (
        await appointments.generateSlots(sysadmin, {
          departmentId: fx.centre.id,
          from: '2026-09-28',
          to: '2026-10-11',
          windowIds: [fx.general],
          times: [{ startsAt: '09:00', endsAt: '10:00', capacity: 3 }],
        })
      ).created,
    ).toBe(0);
  });

  // a bad plan (to before from, a time ending before it starts) is refused by its contract: centre.api.spec.ts
  it('refuses a plan longer than a quarter, and a clerk', async () => {
    await expect(
      appointments.generateSlots(sysadmin, {
        departmentId: fx.centre.id,
        from: '2026-10-12',
        to: '2027-01-31',
        times: [{ startsAt: '09:00', endsAt: '10:00', capacity: 3 }],
      }),
    ).rejects.toMatchObject({ status: 400, field: 'to' });
    await expect(
      appointments.generateSlots(await actorNamed(app, 'clerk'), {
        departmentId: fx.centre.id,
        from: '2026-10-12',
        to: '2026-10-12',
        times: [{ startsAt: '09:00', endsAt: '10:00', capacity: 3 }],
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe('booking', () => {
  it('gives exactly the capacity under contention: 500 concurrent bookings for 100 places make 100 bookings', async () => {
    const slot = await app.db
      .insertInto('appointment_slots')
      .values({ window_id: fx.special, day: '2026-10-09', starts_at: '14:00', ends_at: '15:00', capacity: 100 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const results = await Promise.allSettled(
      Array.from({ length: 500 }, (_, i) =>
        appointments.book({ slotId: slot.id, itemCode: 'CT-0001', name: `居民${i}`, phone: phone(i) }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok.length).toBe(100);
    expect(new Set(refused.map((r) => (r.reason as { code: string }).code))).toEqual(new Set(['slot_full']));
    const stored = await app.db
      .selectFrom('appointments')
      .select('id')
      .where('slot_id', '=', slot.id)
      .where('status', '=', 'booked')
      .execute();
    expect(stored.length).toBe(100);
    expect(
      (
        await app.db
          .selectFrom('appointment_slots')
          .select('booked')
          .where('id', '=', slot.id)
          .executeTakeFirstOrThrow()
      ).booked,
    ).toBe(100);
  });

  it('returns the same booking to a retry, frees the place on cancel, and queues an SMS', async () => {
    const [slot] = await appointments.openSlots(fx.centre.id, {
      itemCode: 'CT-0001',
      from: '2026-09-29',
      to: '2026-09-29',
    });
    const first = await appointments.book({
      slotId: slot!.id,
      itemCode: 'CT-0001',
      name: '张三',
      phone: '13800138000',
    });
    const again = await appointments.book({
      slotId: slot!.id,
      itemCode: 'CT-0001',
      name: '张三',
      phone: '13800138000',
    });
    expect([again.reference, again.repeated, first.repeated]).toEqual([first.reference, true, false]);
    expect(
      (await appointments.openSlots(fx.centre.id, { itemCode: 'CT-0001', from: '2026-09-29', to: '2026-09-29' }))[0]!
        .left,
    ).toBe(slot!.left - 1);
    const sms = await appointments.smsFor(first.id, 'booked');
    expect(sms).toMatchObject({ phone: '13800138000' });
    expect(sms!.text).toContain(first.reference);
    await expect(appointments.cancel(first.reference, '13900000000')).rejects.toMatchObject({ status: 404 });
    expect(await appointments.cancel(first.reference, '13800138000')).toMatchObject({ status: 'cancelled' });
    await expect(appointments.cancel(first.reference, '13800138000')).rejects.toMatchObject({ status: 409 });
    expect(
      (await appointments.openSlots(fx.centre.id, { itemCode: 'CT-0001', from: '2026-09-29', to: '2026-09-29' }))[0]!
        .left,
    ).toBe(slot!.left);
    const jobs = (await app.db
      .selectFrom('pgboss.job' as never)
      .select('data' as never)
      .where('name' as never, '=', 'centre.appointment_sms' as never)
      .execute()) as Array<{ data: { appointmentId: string } }>;
    expect(jobs.filter((j) => j.data.appointmentId === first.id).length).toBe(2);
  });

  it('refuses a slot of a window that does not serve the item, a past slot, a bad phone, and an item without appointments', async () => {
    const special = await app.db
      .selectFrom('appointment_slots')
      .select('id')
      .where('window_id', '=', fx.special)
      .where('day', '=', '2026-10-09')
      .executeTakeFirstOrThrow();
    await expect(
      appointments.book({ slotId: special.id, itemCode: 'CT-0002', name: '李四', phone: '13800138001' }),
    ).rejects.toMatchObject({ status: 400, field: 'itemCode' });
    await expect(
      appointments.book({ slotId: special.id, itemCode: 'CT-0001', name: '李四', phone: '1380013' }),
    ).rejects.toMatchObject({ status: 400, field: 'phone' });
    await expect(
      appointments.book({ slotId: special.id, itemCode: 'DEMO-0003', name: '李四', phone: '13800138001' }),
    ).rejects.toMatchObject({ status: 400, field: 'itemCode' });
    const past = await app.db
      .selectFrom('appointment_slots')
      .select('id')
      .where('window_id', '=', fx.general)
      .where('day', '=', '2026-09-28')
      .executeTakeFirstOrThrow();
    day.set('2026-09-29');
    await expect(
      appointments.book({ slotId: past.id, itemCode: 'CT-0001', name: '李四', phone: '13800138001' }),
    ).rejects.toMatchObject({ status: 409, code: 'slot_past' });
    day.set('2026-09-28');
  });

  it("refuses a slot of today whose end has come (the clock says 10:00), and takes today's later slots", async () => {
    const slotAt = async (startsAt: string, endsAt: string) =>
      (
        await app.db
          .insertInto('appointment_slots')
          .values({ window_id: fx.special, day: '2026-09-28', starts_at: startsAt, ends_at: endsAt, capacity: 5 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const book = (slotId: string) =>
      appointments.book({ slotId, itemCode: 'CT-0001', name: '赵六', phone: '13800138003' });
    for (const [starts, ends] of [
      ['08:00', '09:00'],
      ['09:00', '10:00'],
    ] as const) {
      const slot = await slotAt(starts, ends);
      await expect(book(slot)).rejects.toMatchObject({
        status: 422,
        code: 'slot_over',
        field: 'slotId',
        messageZh: expect.stringContaining(`${starts}-${ends}`),
        messageEn: expect.stringContaining('over'),
      });
      expect(
        (await app.db.selectFrom('appointment_slots').select('booked').where('id', '=', slot).executeTakeFirstOrThrow())
          .booked,
      ).toBe(0);
    }
    // under way (09:30-10:30) or later today: still bookable
    expect((await book(await slotAt('09:30', '10:30'))).repeated).toBe(false);
    expect((await book(await slotAt('16:00', '17:00'))).repeated).toBe(false);
    // and only those are offered: the ended ones are not in today's list
    const offered = await appointments.openSlots(fx.centre.id, {
      itemCode: 'CT-0001',
      from: '2026-09-28',
      to: '2026-09-28',
    });
    const times = offered.map((s) => `${s.startsAt}-${s.endsAt}`);
    expect(times).toEqual(expect.arrayContaining(['09:30-10:30', '16:00-17:00']));
    expect(times).not.toContain('08:00-09:00');
    expect(times).not.toContain('09:00-10:00');
  });

  it('takes a home-visit request and lets the centre send someone', async () => {
    const visit = await appointments.requestHomeVisit({
      departmentId: fx.centre.id,
      itemCode: 'CT-0001',
      name: '王大爷',
      phone: '13800138002',
      address: '城关街道幸福巷3号',
      reason: '行动不便',
      day: '2026-09-30',
    });
    const clerk = await actorNamed(app, 'clerk');
    expect(await appointments.homeVisit(clerk, visit.id, { staffId: clerk.id })).toMatchObject({ status: 'booked' });
    const list = await appointments.list(clerk, fx.centre.id, '2026-09-30');
    expect(list.find((a) => a.reference === visit.reference)).toMatchObject({
      kind: 'homeVisit',
      phone: '138****8002',
      address: '城关街道幸福巷3号',
    });
    await expect(appointments.list(await actorNamed(app, 'clerk2'), fx.centre.id, '2026-09-30')).rejects.toMatchObject({
      status: 403,
    });
  });
});
