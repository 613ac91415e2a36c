import type { IntakeInput } from '@grassroots/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { centreServices } from './centre.routes.ts';
import { centreFixture } from './centre.testkit.ts';

let app: App;
let s: ReturnType<typeof centreServices>;
let clerk: Actor;
let fx: Awaited<ReturnType<typeof centreFixture>>;
let applicant: { id: string };
const day = movableClock('2026-09-30');

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  s = centreServices(app);
  fx = await centreFixture(app, await actorNamed(app, 'sysadmin'));
  clerk = await actorNamed(app, 'clerk');
  applicant = await personIn(app, clerk.divisionCode.slice(0, 9));
});
afterAll(async () => {
  await app?.close();
});

describe('the queue', () => {
  it('calls booked visitors first, never gives one number to two windows, transfers and marks no-shows', async () => {
    const slot = await app.db
      .insertInto('appointment_slots')
      .values({ window_id: fx.general, day: '2026-09-30', starts_at: '14:00', ends_at: '15:00', capacity: 5 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const walkIn = await s.queue.take({ departmentId: fx.centre.id, itemCode: 'CT-0002', channel: 'kiosk' });
    const walkIn2 = await s.queue.take({ departmentId: fx.centre.id, itemCode: 'CT-0001', channel: 'portal' });
    const booking = await s.appointments.book({
      slotId: slot.id,
      itemCode: 'CT-0001',
      name: '张三',
      phone: '13800138000',
    });
    const booked = await s.queue.take({
      departmentId: fx.centre.id,
      appointmentReference: booking.reference,
      channel: 'kiosk',
    });
    expect([walkIn.number, walkIn2.number, booked.number, booked.ahead]).toEqual(['A001', 'A002', 'Y003', 2]);
    // the same reference again gets the same number
    expect(
      (await s.queue.take({ departmentId: fx.centre.id, appointmentReference: booking.reference, channel: 'kiosk' }))
        .number,
    ).toBe('Y003');

    // two windows calling at once take different numbers; the booked visitor goes first
    const [a, b] = await Promise.all([s.queue.callNext(clerk, fx.special), s.queue.callNext(clerk, fx.general)]);
    expect(new Set([a.ticket!.number, b.ticket!.number]).size).toBe(2);
    expect([a.ticket!.number, b.ticket!.number]).toContain('Y003');
    await expect(s.queue.callNext(clerk, fx.general)).rejects.toMatchObject({ status: 409, code: 'window_busy' });
    // the special window serves CT-0001 only: it never calls A001 (CT-0002)
    const atSpecial = a.ticket!;
    const atGeneral = b.ticket!;
    expect(atSpecial.number === 'A001').toBe(false);

    // transfer: the number waits again, first in line at the other window
    await s.queue.finish(clerk, atGeneral.id);
    await s.queue.transfer(clerk, atSpecial.id, fx.general);
    const again = await s.queue.callNext(clerk, fx.general);
    expect(again.ticket!.number).toBe(atSpecial.number);
    await s.queue.noShow(clerk, again.ticket!.id);
    const board = await s.queue.board(fx.centre.id);
    const neverCalled = ['A001', 'A002', 'Y003'].filter((n) => n !== atSpecial.number && n !== atGeneral.number);
    expect(board).toMatchObject({ waitingCount: 1, next: neverCalled, calling: [] });
    expect(await s.queue.staffStats(clerk, fx.centre.id, '2026-09-30')).toMatchObject({
      taken: 3,
      served: 1,
      noShow: 1,
      waiting: 1,
      booked: 1,
    });
    await expect(s.queue.callNext(await actorNamed(app, 'clerk2'), fx.general)).rejects.toMatchObject({ status: 403 });
  });
});

describe('window intake (一窗受理)', () => {
  const intake = (body: Omit<IntakeInput, 'personId'>, key?: string) =>
    s.intake.intake(clerk, { personId: applicant.id, ...body }, key);

  it('accepts with a receipt and the promised date when everything is there, across the National Day holiday', async () => {
    const r = await intake({ itemCode: 'CT-0001', provided: ['居民身份证', '户口簿'] });
    expect(r.outcome).toBe('accepted');
    expect(r.documents.map((d) => d.kind)).toEqual(['receipt']);
    // 5 working days from 9-30: 10-09, 10-10 (调休 Saturday), 10-12, 10-13 … skipping 10-01..10-07
    expect(r.case!.clocks.map((c) => c.dueDate)).toEqual(['2026-10-13', '2026-10-20']);
  });

  it('refuses with a one-time notice listing everything missing, 容缺 materials included', async () => {
    const r = await intake({ itemCode: 'CT-0001', provided: [] });
    expect(r).toMatchObject({ outcome: 'refused', missing: ['居民身份证', '户口簿'] });
    expect(r.case!.status).toBe('refused');
    const doc = await app.db
      .selectFrom('documents')
      .select('content')
      .where('id', '=', r.documents[0]!.id)
      .executeTakeFirstOrThrow();
    expect((doc.content as { list: { items: string[] } }).list.items).toEqual(['居民身份证', '户口簿']);
  });

  it('accepts with pending materials (容缺) and a deadline to bring them, then takes them', async () => {
    const r = await intake({ itemCode: 'CT-0001', provided: ['居民身份证'], pendingDays: 3 });
    expect(r).toMatchObject({ outcome: 'acceptedWithPending', missing: ['户口簿'] });
    expect(r.documents.map((d) => d.kind)).toEqual(['pendingReceipt']);
    expect(r.case!.flags).toContain('pendingMaterials');
    // three working days from 9-30: 10-08, 10-09 and the make-up Saturday 10-10
    expect(r.case!.data).toMatchObject({ pendingDueDate: '2026-10-10' });
    const supplied = await app.cases.act(clerk, r.case!.id, 'supplyPending', {
      expectedVersion: r.case!.version,
      fields: {},
      attachments: [],
    });
    expect(supplied.case.flags).not.toContain('pendingMaterials');
  });

  it('pauses the clocks during a step the guide does not count, and only such a step', async () => {
    const r = await intake({ itemCode: 'CT-0001', provided: ['居民身份证', '户口簿'] });
    await expect(
      app.cases.act(clerk, r.case!.id, 'startUncountedStep', {
        expectedVersion: r.case!.version,
        fields: { step: '受理' },
        attachments: [],
      }),
    ).rejects.toMatchObject({ status: 400, field: 'fields.step' });
    day.set('2026-10-09');
    const paused = await app.cases.act(clerk, r.case!.id, 'startUncountedStep', {
      expectedVersion: r.case!.version,
      fields: { step: '入户核实' },
      attachments: [],
    });
    expect(paused.case.dueState).toBe('paused');
    day.set('2026-10-13');
    const resumed = await app.cases.act(clerk, r.case!.id, 'endUncountedStep', {
      expectedVersion: paused.case.version,
      fields: {},
      attachments: [],
    });
    // 10-09, 10-10 and 10-12 were spent in the uncounted step: the promised date moves on by those working days
    expect(resumed.case.clocks[0]!.dueDate).toBe('2026-10-16');
    day.set('2026-09-30');
  });

  it('serves an on-the-spot item at once, and passes an agency item to its department', async () => {
    expect((await intake({ itemCode: 'CT-0002' })).case).toMatchObject({ status: 'closed', isOpen: false });
    const agency = await intake({ itemCode: 'CT-0003', provided: ['居民身份证'], disposition: 'agency' });
    const mzj = await app.db
      .selectFrom('departments')
      .select('id')
      .where('code', '=', '140882-MZJ')
      .executeTakeFirstOrThrow();
    expect(agency.case).toMatchObject({ status: 'accepted', owningDepartmentId: mzj.id });
    expect(agency.case!.data).toMatchObject({ agency: 'yes' });
  });

  it('refers to the responsible office with its address and phone, without a case', async () => {
    const before = await app.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await intake({ itemCode: 'CT-0003', disposition: 'refer', note: '本中心不受理残疾人证申领' });
    expect([r.outcome, r.case, r.documents[0]!.kind]).toEqual(['referred', null, 'referralNote']);
    const doc = await app.db
      .selectFrom('documents')
      .select('content')
      .where('id', '=', r.documents[0]!.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(doc.content)).toContain('河津市民政局');
    expect(
      (
        await app.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toEqual(before.n);
  });

  it('is one transaction: a number that is not being served refuses the whole intake, and a retry with its key does not duplicate', async () => {
    const ticket = await s.queue.take({ departmentId: fx.centre.id, itemCode: 'CT-0001', channel: 'kiosk' });
    const count = async () =>
      Number(
        (
          await app.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await expect(
      intake({ itemCode: 'CT-0001', provided: ['居民身份证', '户口簿'], ticketId: ticket.id }),
    ).rejects.toMatchObject({ status: 409, code: 'ticket_not_called' });
    expect(await count()).toBe(before);
    const called = await s.queue.callNext(clerk, fx.general);
    const first = await intake(
      { itemCode: 'CT-0001', provided: ['居民身份证', '户口簿'], ticketId: called.ticket!.id },
      'intake-retry-0001',
    );
    const retry = await intake(
      { itemCode: 'CT-0001', provided: ['居民身份证', '户口簿'], ticketId: called.ticket!.id },
      'intake-retry-0001',
    );
    expect(retry.case!.number).toBe(first.case!.number);
    expect(await count()).toBe(before + 1);
    const t = await app.db
      .selectFrom('queue_tickets')
      .select(['status', 'case_id'])
      .where('id', '=', called.ticket!.id)
      .executeTakeFirstOrThrow();
    expect(t).toEqual({ status: 'done', case_id: first.case!.id });
    await expect(intake({ itemCode: 'CT-0001', provided: ['结婚证'] })).rejects.toMatchObject({
      status: 400,
      field: 'provided',
    });
  });
});
