import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  multipartFile,
  residentCookie as residentCookieOf,
  type Session,
} from '../../../test/api-client.ts';
import { qrPng } from '../../core/documents/pdf.ts';
import { movableClock, RecordingSms, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

let app: App;
let api: ApiClient;
let operator: Session;
const sms = new RecordingSms();
const day = movableClock('2026-12-01');

beforeAll(async () => {
  app = await testApp({ clock: day.clock, sms });
  api = await ApiClient.create(app);
  operator = await api.login('operator');
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const residentCookie = (phone: string) => residentCookieOf(api, sms, phone);

describe('a resident complains about heating on the portal', () => {
  it('is routed to two departments, sent back by one, dispatched again, handled, replied, and she rates the callback', async () => {
    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .where('code', 'like', '140882001%')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const body = {
      categoryCode: 'property.utilities.heating',
      divisionCode: village,
      address: '龙门小区7号楼',
      description: '家里暖气一直不热，室温只有十三度',
      name: '刘女士',
      phone: '13811112222',
    };
    expect((await api.call(undefined, 'POST', '/api/v1/public/complaints', body)).statusCode).toBe(401);
    const me = await residentCookie('13811112222');
    const wrongPhone = await api.call(
      undefined,
      'POST',
      '/api/v1/public/complaints',
      { ...body, phone: '13811113333' },
      me,
    );
    expect([wrongPhone.statusCode, wrongPhone.json().field]).toEqual([400, 'phone']);
    const filed = await api.call(undefined, 'POST', '/api/v1/public/complaints', body, me);
    expect(filed.statusCode).toBe(201);
    const { id, number } = filed.json();

    // the coordination centre routes it to 民政局 (wrongly) with the township assisting
    const dept = async (code: string) =>
      (
        await app.db
          .selectFrom('departments')
          .select('id')
          .where('code', '=', `140882-${code}`)
          .executeTakeFirstOrThrow()
      ).id;
    const [civil, housing, township] = [await dept('MZJ'), await dept('ZJJ'), await dept('ZF1')];
    let c = (
      await api.call(operator, 'POST', `/api/v1/complaints/${id}/dispatch`, {
        expectedVersion: 1,
        fields: { leadDepartmentId: civil, assistingDepartmentIds: [township] },
      })
    ).json().case;
    expect([c.owningDepartmentId, c.assistingDepartmentIds]).toEqual([civil, [township]]);
    const reviewer = await api.login('reviewer');
    c = (
      await api.call(reviewer, 'POST', `/api/v1/complaints/${id}/send-back`, {
        expectedVersion: c.version,
        opinion: '供暖应由住建部门主办',
      })
    ).json().case;
    expect(c.status).toBe('received');
    c = (
      await api.call(operator, 'POST', `/api/v1/complaints/${id}/dispatch`, {
        expectedVersion: c.version,
        fields: { leadDepartmentId: housing, assistingDepartmentIds: [township] },
      })
    ).json().case;
    expect(c.owningDepartmentId).toBe(housing);
    // the housing bureau signs for it and replies
    await app.users.create({
      username: 'zjj_staff',
      displayName: '住建局经办人',
      departmentCode: '140882-ZJJ',
      password: 'Test@2026pass!',
      roles: [{ role: 'reviewer', scope: 'department' }],
    });
    const housingStaff = await api.login('zjj_staff', 'Test@2026pass!');
    for (const [action, fields] of [
      ['signFor', {}],
      ['reply', { reply: '已督促供热公司对7号楼管网排气、更换阀门', result: 'resolved' }],
    ] as const) {
      const r = await api.call(housingStaff, 'POST', `/api/v1/cases/${id}/actions/${action}`, {
        expectedVersion: c.version,
        fields,
      });
      expect(r.statusCode, r.body).toBe(200);
      c = r.json().case;
    }
    // she sees the reply on the portal and answers the callback herself
    const mine = (await api.call(undefined, 'GET', '/api/v1/public/complaints/mine', undefined, me)).json();
    expect(mine).toEqual([
      expect.objectContaining({
        number,
        awaitingCallback: true,
        reply: '已督促供热公司对7号楼管网排气、更换阀门',
        result: 'resolved',
      }),
    ]);
    const other = await residentCookie('13811119999');
    expect(
      (
        await api.call(
          undefined,
          'POST',
          `/api/v1/public/complaints/${number}/callback`,
          { satisfaction: 'satisfied' },
          other,
        )
      ).statusCode,
    ).toBe(404);
    const answered = await api.call(
      undefined,
      'POST',
      `/api/v1/public/complaints/${number}/callback`,
      { satisfaction: 'satisfied', comment: '暖气热了，谢谢' },
      me,
    );
    expect(answered.json()).toMatchObject({ status: 'calledBack' });
    expect(
      (
        await api.call(
          undefined,
          'POST',
          `/api/v1/public/complaints/${number}/callback`,
          { satisfaction: 'dissatisfied' },
          me,
        )
      ).statusCode,
    ).toBe(409);
    const closed = await api.call(operator, 'POST', `/api/v1/cases/${id}/actions/close`, {
      expectedVersion: c.version + 1,
    });
    expect(closed.json().case.status).toBe('closed');
    const log = await app.db
      .selectFrom('case_actions')
      .select(['action', 'actor_role', 'actor_name'])
      .where('case_id', '=', id)
      .where('action', '=', 'callback')
      .executeTakeFirstOrThrow();
    expect(log).toEqual({ action: 'callback', actor_role: 'resident', actor_name: '刘女士' });
  });
});

describe('photos on a portal complaint', () => {
  it('takes photos only, shows them to the complainant and to staff through the case, and to no other resident', async () => {
    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const me = await residentCookie('13822223333');
    const photo = await qrPng('楼道堆放杂物');
    const upload = (name: string, bytes: Buffer, cookie?: { cookie: string }) => {
      const m = multipartFile(name, bytes);
      return api.call(undefined, 'POST', '/api/v1/public/complaints/photos', m.body, { ...m.headers, ...cookie });
    };
    expect((await upload('p.png', photo)).statusCode).toBe(401);
    const pdf = await upload('letter.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), me);
    expect([pdf.statusCode, pdf.json().code]).toEqual([415, 'unsupported_file_type']);
    const uploaded = await upload('p.png', photo, me);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { hash } = uploaded.json();

    // a PDF already stored by staff cannot be slipped in as a "photo"
    const stored = await app.files.put(app.db, Buffer.from('%PDF-1.4\n% a scan\n%%EOF\n'));
    const body = {
      categoryCode: 'property.services',
      divisionCode: village,
      address: '幸福小区3号楼二单元',
      description: '楼道里堆满杂物，物业不清理',
      phone: '13822223333',
    };
    const sneaky = await api.call(
      undefined,
      'POST',
      '/api/v1/public/complaints',
      { ...body, photos: [stored.hash] },
      me,
    );
    expect([sneaky.statusCode, sneaky.json().field]).toEqual([400, 'attachments']);
    const filed = await api.call(undefined, 'POST', '/api/v1/public/complaints', { ...body, photos: [hash] }, me);
    expect(filed.statusCode, filed.body).toBe(201);
    const { id, number } = filed.json();

    const mine = (await api.call(undefined, 'GET', '/api/v1/public/complaints/mine', undefined, me)).json();
    expect(mine.find((m: { number: string }) => m.number === number).photos).toEqual([hash]);
    const own = await api.call(undefined, 'GET', `/api/v1/public/complaints/${number}/photos/${hash}`, undefined, me);
    expect([own.statusCode, own.headers['content-type'], own.rawPayload.equals(photo)]).toEqual([
      200,
      'image/png',
      true,
    ]);
    const stranger = await residentCookie('13822224444');
    expect(
      (await api.call(undefined, 'GET', `/api/v1/public/complaints/${number}/photos/${hash}`, undefined, stranger))
        .statusCode,
    ).toBe(404);
    const staffView = await api.call(operator, 'GET', `/api/v1/cases/${id}/attachments/${hash}`);
    expect([staffView.statusCode, staffView.rawPayload.equals(photo)]).toEqual([200, true]);
  });
});

describe('a petitioner on the portal', () => {
  it('reads the written notices of her own petition, and no one else can', async () => {
    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const registered = await api.call(operator, 'POST', '/api/v1/complaints', {
      kind: 'petition',
      channel: 'visit',
      categoryCode: 'social',
      divisionCode: village,
      description: '反映低保评定不公，要求复核',
      complainant: { name: '赵大爷', phone: '13833334444' },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { id, number, version } = registered.json().case;
    const accepted = await api.call(operator, 'POST', `/api/v1/cases/${id}/actions/accept`, {
      expectedVersion: version,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const me = await residentCookie('13833334444');
    const mine = (await api.call(undefined, 'GET', '/api/v1/public/complaints/mine', undefined, me)).json();
    const petition = mine.find((m: { number: string }) => m.number === number);
    expect(petition.documents).toEqual([
      expect.objectContaining({ title: expect.stringContaining('受理告知书'), verificationCode: expect.any(String) }),
    ]);
    const url = `/api/v1/public/complaints/${number}/documents/${petition.documents[0].id}`;
    const pdf = await api.call(undefined, 'GET', url, undefined, me);
    expect([pdf.statusCode, pdf.headers['content-type'], pdf.rawPayload.subarray(0, 5).toString()]).toEqual([
      200,
      'application/pdf',
      '%PDF-',
    ]);
    expect((await api.call(undefined, 'GET', url, undefined, await residentCookie('13833335555'))).statusCode).toBe(
      404,
    );
    expect((await api.call(undefined, 'GET', url)).statusCode).toBe(401);
  });
});

describe('a complaint sent twice', () => {
  it('is one matter: a double tap or a resent request gets the same number', async () => {
    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const me = await residentCookie('13844445555');
    const body = {
      categoryCode: 'municipal',
      divisionCode: village,
      address: '东街路口',
      description: '东街路口井盖丢失，晚上很危险',
      phone: '13844445555',
    };
    const [a, b] = await Promise.all(
      [1, 2].map(() => api.call(undefined, 'POST', '/api/v1/public/complaints', body, me)),
    );
    expect([a!.statusCode, b!.statusCode]).toEqual([201, 201]);
    expect(b!.json().number).toBe(a!.json().number);
    expect(
      await app.db.selectFrom('complaints').select('id').where('description', '=', body.description).execute(),
    ).toHaveLength(1);
    // other words are another matter
    const other = await api.call(
      undefined,
      'POST',
      '/api/v1/public/complaints',
      { ...body, description: '东街路灯也不亮了，请一并处理' },
      me,
    );
    expect(other.json().number).not.toBe(a!.json().number);
  });
});
