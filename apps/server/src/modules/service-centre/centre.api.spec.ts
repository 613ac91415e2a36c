import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../../test/api-client.ts';
import { actorNamed, movableClock, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { centreFixture } from './centre.testkit.ts';

let app: App;
let api: ApiClient;
let clerk: Session;
// signed in once: a second sign-in of the administrator asks for the TOTP code she enrolled
let sysadmin: Session;
let fx: Awaited<ReturnType<typeof centreFixture>>;
const day = movableClock('2026-10-09');

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  api = await ApiClient.create(app);
  fx = await centreFixture(app, await actorNamed(app, 'sysadmin'));
  clerk = await api.login('clerk');
  sysadmin = await api.login('sysadmin');
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe("a resident's visit over HTTP", () => {
  it('books, takes a number with the booking, is served and accepted at the window, and rates the service', async () => {
    const plan = await api.call(sysadmin, 'POST', '/api/v1/centre/slots/generate', {
      departmentId: fx.centre.id,
      from: '2026-10-09',
      to: '2026-10-09',
      windowIds: [fx.special],
      // the clock says 10:00: a slot of the afternoon
      times: [{ startsAt: '15:00', endsAt: '15:30', capacity: 2 }],
    });
    expect(plan.json()).toEqual({ created: 1, days: 1 });
    const slots = (
      await api.call(undefined, 'GET', `/api/v1/public/centres/${fx.centre.id}/slots?itemCode=CT-0001`)
    ).json();
    expect(slots[0]).toMatchObject({ day: '2026-10-09', startsAt: '15:00', left: 2, windowName: '居住证明窗口' });

    const bad = await api.call(undefined, 'POST', '/api/v1/public/appointments', {
      slotId: slots[0].id,
      itemCode: 'CT-0001',
      name: '张三',
      phone: '12345',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({
      field: 'phone',
      message: expect.stringContaining('手机号'),
      messageEn: expect.stringContaining('mobile'),
    });
    const booked = await api.call(undefined, 'POST', '/api/v1/public/appointments', {
      slotId: slots[0].id,
      itemCode: 'CT-0001',
      name: '张三',
      phone: '13800138000',
    });
    expect(booked.statusCode).toBe(201);
    const retried = await api.call(undefined, 'POST', '/api/v1/public/appointments', {
      slotId: slots[0].id,
      itemCode: 'CT-0001',
      name: '张三',
      phone: '13800138000',
    });
    expect([retried.statusCode, retried.json().reference]).toEqual([200, booked.json().reference]);

    const ticket = await api.call(undefined, 'POST', `/api/v1/public/centres/${fx.centre.id}/tickets`, {
      appointmentReference: booked.json().reference,
    });
    expect(ticket.json()).toMatchObject({ number: 'Y001', ahead: 0 });
    const called = (await api.call(clerk, 'POST', `/api/v1/centre/windows/${fx.special}/call-next`)).json();
    expect(called.ticket).toMatchObject({ number: 'Y001', appointment: true });
    const board = (await api.call(undefined, 'GET', `/api/v1/public/centres/${fx.centre.id}/board`)).json();
    expect(board.calling).toEqual([expect.objectContaining({ number: 'Y001', windowCode: 'T2' })]);
    expect(JSON.stringify(board)).not.toContain('张三');

    const person = await personIn(app, (await actorNamed(app, 'clerk')).divisionCode.slice(0, 9));
    const intake = await api.call(
      clerk,
      'POST',
      '/api/v1/centre/intake',
      { itemCode: 'CT-0001', personId: person.id, provided: ['居民身份证', '户口簿'], ticketId: called.ticket.id },
      { 'idempotency-key': 'api-intake-0001' },
    );
    expect(intake.statusCode).toBe(201);
    const accepted = intake.json();
    expect(accepted).toMatchObject({ outcome: 'accepted', documents: [expect.objectContaining({ kind: 'receipt' })] });
    const receipt = await api.call(clerk, 'GET', `/api/v1/documents/${accepted.documents[0].id}/pdf`);
    expect(receipt.headers['content-type']).toContain('application/pdf');

    let v = accepted.case.version;
    for (const [action, fields, opinion] of [
      ['decide', { decision: 'approved' }, '符合条件'],
      ['close', {}, undefined],
    ] as const) {
      const r = await api.call(clerk, 'POST', `/api/v1/cases/${accepted.case.id}/actions/${action}`, {
        expectedVersion: v,
        fields,
        ...(opinion ? { opinion } : {}),
      });
      expect(r.statusCode, r.body).toBe(200);
      v = r.json().case.version;
    }
    // the resident rates it online with the number and the query code from her receipt
    const queryCode = accepted.case.queryCode as string;
    const status = (
      await api.call(
        undefined,
        'GET',
        `/api/v1/public/evaluations/status?number=${accepted.case.number}&queryCode=${queryCode}`,
      )
    ).json();
    expect(status).toMatchObject({ finished: true, given: [] });
    const rated = await api.call(undefined, 'POST', '/api/v1/public/evaluations', {
      number: accepted.case.number,
      queryCode,
      level: 2,
      comment: '取证明跑了两趟',
    });
    expect(rated.statusCode).toBe(201);
    expect(rated.json().rectificationCase).toMatch(/^ZG-/);
    const results = (
      await api.call(undefined, 'GET', '/api/v1/public/evaluations/results?by=window&from=2026-10-01&to=2026-10-31')
    ).json();
    expect(results).toEqual([expect.objectContaining({ label: `${fx.centre.name} 居住证明窗口`, total: 1, bad: 1 })]);
  });

  it('serves the printed card as a PDF', async () => {
    const village = await app.db
      .selectFrom('divisions')
      .select('code')
      .where('level', '=', 5)
      .where('code', 'like', '140882001%')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const card = await api.call(undefined, 'GET', `/api/v1/public/publications/card?village=${village.code}`);
    expect([card.statusCode, card.headers['content-type'], card.rawPayload.subarray(0, 5).toString()]).toEqual([
      200,
      'application/pdf',
      '%PDF-',
    ]);
    expect((await api.call(undefined, 'GET', '/api/v1/public/publications/card?village=140882')).statusCode).toBe(404);
  });
});

describe('booking over HTTP', () => {
  it('refuses a slot of today whose end has come by the clock: 422 problem+json naming the slot', async () => {
    const plan = await api.call(sysadmin, 'POST', '/api/v1/centre/slots/generate', {
      departmentId: fx.centre.id,
      from: '2026-10-09',
      to: '2026-10-09',
      windowIds: [fx.special],
      times: [{ startsAt: '08:00', endsAt: '08:30', capacity: 2 }],
    });
    expect(plan.json()).toEqual({ created: 1, days: 1 });
    const early = await app.db
      .selectFrom('appointment_slots')
      .select('id')
      .where('window_id', '=', fx.special)
      .where('day', '=', '2026-10-09')
      .where('starts_at', '=', '08:00')
      .executeTakeFirstOrThrow();
    const res = await api.call(undefined, 'POST', '/api/v1/public/appointments', {
      slotId: early.id,
      itemCode: 'CT-0001',
      name: '李四',
      phone: '13800138009',
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 422,
      code: 'slot_over',
      field: 'slotId',
      message: expect.stringContaining('08:00-08:30'),
      messageEn: expect.stringContaining('08:00-08:30'),
    });
    const stored = await app.db.selectFrom('appointments').select('id').where('slot_id', '=', early.id).execute();
    expect(stored).toEqual([]);
  });

  it('refuses a bad plan with the field named (to before from; a time ending before it starts)', async () => {
    const plan = (over: Record<string, unknown>) =>
      api.call(sysadmin, 'POST', '/api/v1/centre/slots/generate', {
        departmentId: fx.centre.id,
        from: '2026-10-12',
        to: '2026-10-12',
        times: [{ startsAt: '09:00', endsAt: '10:00', capacity: 3 }],
        ...over,
      });
    const backwards = await plan({ to: '2026-10-11' });
    expect([backwards.statusCode, backwards.json().field]).toEqual([400, 'body.to']);
    expect(backwards.json().message).toContain('结束日期早于开始日期');
    const inverted = await plan({ times: [{ startsAt: '10:00', endsAt: '09:00', capacity: 3 }] });
    expect([inverted.statusCode, inverted.json().field]).toEqual([400, 'body.times.0.endsAt']);
    expect(inverted.json().messageEn).toContain('ends before it starts');
  });
});

describe("the centre's head", () => {
  it('manages her own centre and reads its reviews, and no other centre', async () => {
    const head = await api.login('centrehead');
    const other = await app.db
      .selectFrom('departments')
      .select('id')
      .where('code', '=', '140882-BM2')
      .executeTakeFirstOrThrow();
    const plan = (departmentId: string) => ({
      departmentId,
      from: '2026-10-12',
      to: '2026-10-12',
      times: [{ startsAt: '08:00', endsAt: '08:30', capacity: 1 }],
    });
    expect((await api.call(head, 'POST', '/api/v1/centre/slots/generate', plan(fx.centre.id))).statusCode).toBe(200);
    expect((await api.call(head, 'POST', '/api/v1/centre/slots/generate', plan(other.id))).statusCode).toBe(403);
    expect(
      (await api.call(head, 'GET', `/api/v1/centre/queue/stats?departmentId=${other.id}&day=2026-10-09`)).statusCode,
    ).toBe(403);
    const reviews = (await api.call(head, 'GET', '/api/v1/evaluations')).json() as Array<{ department: string }>;
    expect(reviews.every((r) => r.department === fx.centre.name)).toBe(true);
  });
});
