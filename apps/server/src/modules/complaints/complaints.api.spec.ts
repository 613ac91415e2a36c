import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, multipartFile, type Session } from '../../../test/api-client.ts';
import { testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

let app: App;
let api: ApiClient;
let operator: Session;

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  operator = await api.login('operator');
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('the hotline operator over HTTP', () => {
  it('registers once per idempotency key, is told of duplicates, dispatches by the suggested route', async () => {
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
      channel: 'hotline',
      categoryCode: 'property.services',
      divisionCode: village,
      address: '滨河小区东门',
      description: '物业保洁不到位，垃圾三天未清运',
      complainant: { name: '吴先生', phone: '13600001234' },
    };
    const first = await api.call(operator, 'POST', '/api/v1/complaints', body, {
      'idempotency-key': 'hotline-call-000001',
    });
    expect(first.statusCode).toBe(201);
    const retry = await api.call(operator, 'POST', '/api/v1/complaints', body, {
      'idempotency-key': 'hotline-call-000001',
    });
    expect(retry.json().case.number).toBe(first.json().case.number);
    expect(
      await app.db
        .selectFrom('complaints')
        .select('id')
        .where('complainant_phone_masked', '=', '136****1234')
        .execute(),
    ).toHaveLength(1);
    const hints = (await api.call(operator, 'POST', '/api/v1/complaints/duplicates', { phone: '13600001234' })).json();
    expect(hints).toEqual([
      expect.objectContaining({ number: first.json().case.number, reasons: ['sameComplainant'] }),
    ]);
    const bad = await api.call(operator, 'POST', '/api/v1/complaints', { ...body, complainant: { phone: '123' } });
    expect([bad.statusCode, bad.json().field]).toEqual([400, 'complainant.phone']);
    // the contract checks the matter's shape before the service sees it
    const terse = await api.call(operator, 'POST', '/api/v1/complaints', { ...body, description: '冷' });
    expect([terse.statusCode, terse.json().field]).toEqual([400, 'body.description']);
    const route = (await api.call(operator, 'GET', '/api/v1/complaints/route?category=property.services')).json();
    const housing = (
      await app.db.selectFrom('departments').select('id').where('code', '=', '140882-ZJJ').executeTakeFirstOrThrow()
    ).id;
    expect(route.leadDepartmentId).toBe(housing);
    const dispatched = await api.call(operator, 'POST', `/api/v1/complaints/${first.json().case.id}/dispatch`, {
      expectedVersion: 1,
      fields: { leadDepartmentId: route.leadDepartmentId, assistingDepartmentIds: route.assistingDepartmentIds },
    });
    expect(dispatched.statusCode).toBe(200);
    expect(dispatched.json().case).toMatchObject({
      status: 'dispatched',
      owningDepartmentId: housing,
      assistingDepartmentIds: route.assistingDepartmentIds,
    });
    const stale = await api.call(operator, 'POST', `/api/v1/complaints/${first.json().case.id}/dispatch`, {
      expectedVersion: 1,
      fields: { leadDepartmentId: housing },
    });
    expect(stale.statusCode).toBe(409);
    // the generic action route refuses a dispatch: it would leave the order at the centre
    const generic = await api.call(operator, 'POST', `/api/v1/cases/${first.json().case.id}/actions/dispatch`, {
      expectedVersion: 2,
      fields: { leadDepartmentId: housing },
    });
    expect([generic.statusCode, generic.json().code]).toEqual([400, 'use_dedicated_route']);
    const board = (await api.call(operator, 'GET', '/api/v1/complaints/board')).json();
    expect(board.byDepartment).toContainEqual(expect.objectContaining({ id: housing, open: 1, toSign: 1 }));
    const figures = (
      await api.call(undefined, 'GET', '/api/v1/public/complaints/figures?from=2026-01-01&to=2027-12-31&by=category')
    ).json();
    expect(figures).toContainEqual(expect.objectContaining({ label: '物业服务', received: 1, settled: 0 }));
  });

  it('registers a letter with its scan on the opening entry, and refuses a scan never uploaded', async () => {
    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const scan = Buffer.from('%PDF-1.4\n% 来信扫描件\n%%EOF\n');
    const upload = multipartFile('letter.pdf', scan);
    const { hash } = (await api.call(operator, 'POST', '/api/v1/attachments', upload.body, upload.headers)).json();
    const body = {
      channel: 'letter',
      categoryCode: 'municipal',
      divisionCode: village,
      description: '来信反映村口路灯损坏已一月',
      complainant: { name: '郑老汉' },
    };
    const unknown = await api.call(operator, 'POST', '/api/v1/complaints', { ...body, attachments: ['0'.repeat(64)] });
    expect([unknown.statusCode, unknown.json().field]).toEqual([400, 'attachments']);
    expect(
      await app.db.selectFrom('complaints').select('id').where('complainant_name', '=', '郑老汉').execute(),
    ).toHaveLength(0);
    const filed = await api.call(operator, 'POST', '/api/v1/complaints', { ...body, attachments: [hash] });
    expect(filed.statusCode, filed.body).toBe(201);
    const opening = (await api.call(operator, 'GET', `/api/v1/cases/${filed.json().case.id}`)).json().history[0];
    expect(opening.attachments).toEqual([expect.objectContaining({ hash, mime: 'application/pdf' })]);
    const file = await api.call(operator, 'GET', `/api/v1/cases/${filed.json().case.id}/attachments/${hash}`);
    expect(file.rawPayload.equals(scan)).toBe(true);
    // the centre sees it waiting for dispatch on its board; an operator of another township does not
    const board = (await api.call(operator, 'GET', '/api/v1/complaints/board')).json();
    expect(board.centreSteps).toContainEqual(
      expect.objectContaining({ number: filed.json().case.number, status: 'received' }),
    );
    await app.users.create({
      username: 'zf2_operator',
      displayName: '另一乡镇受理员',
      departmentCode: '140882-ZF2',
      password: 'Test@2026pass!',
      roles: [{ role: 'complaint_operator', scope: 'subtree' }],
    });
    const elsewhere = (
      await api.call(await api.login('zf2_operator', 'Test@2026pass!'), 'GET', '/api/v1/complaints/board')
    ).json();
    expect(elsewhere.centreSteps.map((o: { number: string }) => o.number)).not.toContain(filed.json().case.number);
    expect(elsewhere.byDepartment).toEqual([]);
  });

  it('shows the matter on the order to those who reach it, the phone masked; the centre reveals it with a reason, audited', async () => {
    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .where('code', 'like', '140882001%')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const company = await app.db.selectFrom('organisations').select(['id', 'name']).limit(1).executeTakeFirstOrThrow();
    const filed = (
      await api.call(operator, 'POST', '/api/v1/complaints', {
        channel: 'hotline',
        categoryCode: 'property.utilities.heating',
        divisionCode: village,
        address: '龙门小区9号楼',
        lat: 35.6,
        lng: 110.7,
        description: '供暖温度不达标，物业推诿',
        complainant: { name: '孔女士', phone: '13700004321' },
        parties: [
          { kind: 'organisation', id: company.id, name: company.name },
          { kind: 'person', name: '物业经理王某' },
        ],
      })
    ).json();
    const id = filed.case.id;
    const matter = (await api.call(operator, 'GET', `/api/v1/complaints/by-case/${id}`)).json();
    expect(matter).toMatchObject({
      category: '供暖',
      parentCategory: '水电气暖供应',
      address: '龙门小区9号楼',
      lat: 35.6,
      lng: 110.7,
      complainantName: '孔女士',
      phone: '137****4321',
      canRevealPhone: true,
      parties: [
        { kind: 'organisation', id: company.id },
        { kind: 'person', name: '物业经理王某' },
      ],
    });
    expect(JSON.stringify(matter)).not.toContain('13700004321');
    // 民政局 has not been given the order: it does not reach the matter
    expect((await api.call(await api.login('reviewer'), 'GET', `/api/v1/complaints/by-case/${id}`)).statusCode).toBe(
      404,
    );
    const noReason = await api.call(operator, 'POST', `/api/v1/complaints/by-case/${id}/reveal-phone`, { reason: ' ' });
    expect([noReason.statusCode, noReason.json().field]).toEqual([400, 'reason']);
    const revealed = await api.call(operator, 'POST', `/api/v1/complaints/by-case/${id}/reveal-phone`, {
      reason: '回访诉求人',
    });
    expect(revealed.json()).toEqual({ phone: '13700004321' });
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target_id', '=', id)
      .where('action', '=', 'complaint.phone.reveal')
      .execute();
    expect(audit).toEqual([expect.objectContaining({ details: { reason: '回访诉求人' } })]);
  });
});
