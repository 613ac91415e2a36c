import { idNumberCheckChar } from '@grassroots/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, multipartFile, type Session } from '../../../test/api-client.ts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

/**
 * Attacks on the registry's and the hotline's lookups from outside the record's jurisdiction, and
 * ID numbers whose birth date cannot be (issue 15). Each attack succeeded on the code before the fix.
 */
let app: App;
let api: ApiClient;
const s = {} as Record<'clerk' | 'registrar' | 'operator' | 'secadmin', Session>;
const villages = { own: '', other: '' };
const id = (first17: string) => first17 + idNumberCheckChar(first17);
const PASSWORD = 'Jurisdiction#2026pass';

/** A member of staff created by the security administrator, with one role and scope, signed in. */
async function staff(username: string, departmentCode: string, role: string, scope: 'department' | 'subtree') {
  const created = await api.call(s.secadmin, 'POST', '/api/v1/users', {
    username,
    displayName: '辖区测试',
    departmentCode,
    password: PASSWORD,
    roles: [],
  });
  expect(created.statusCode, created.body).toBe(201);
  const granted = await api.call(s.secadmin, 'POST', `/api/v1/users/${created.json().id}/roles`, { role, scope });
  expect(granted.statusCode, granted.body).toBe(200);
  return api.login(username, PASSWORD);
}

const count = async (table: 'persons' | 'households' | 'household_members') =>
  Number(
    (
      await app.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  for (const u of ['clerk', 'registrar', 'operator', 'secadmin'] as const) s[u] = await api.login(u);
  const village = async (township: string) =>
    (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('parent_code', '=', township)
        .orderBy('code')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).code;
  villages.own = await village((await actorNamed(app, 'clerk')).divisionCode);
  villages.other = await village((await actorNamed(app, 'clerk2')).divisionCode);
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('jurisdiction in the query', () => {
  it('a township clerk cannot enrol a person of another township in a household of her own village', async () => {
    const stranger = await api.call(s.registrar, 'POST', '/api/v1/persons', {
      idNumber: id('14088219900315003'),
      name: '外乡人',
      divisionCode: villages.other,
    });
    expect(stranger.statusCode, stranger.body).toBe(201);
    const before = [await count('households'), await count('household_members')];
    const res = await api.call(s.clerk, 'POST', '/api/v1/households', {
      number: 'JUR-1',
      divisionCode: villages.own,
      address: '本村1号',
      members: [{ personId: stranger.json().id, relation: 'head' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      field: 'members.0.personId',
      message: expect.stringContaining('辖区'),
      messageEn: expect.stringContaining('jurisdiction'),
    });
    expect([await count('households'), await count('household_members')]).toEqual(before);
    // the registrar, whose reach covers both townships, may
    const ok = await api.call(s.registrar, 'POST', '/api/v1/households', {
      number: 'JUR-1',
      divisionCode: villages.other,
      address: '外村1号',
      members: [{ personId: stranger.json().id, relation: 'head' }],
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('an import and its error report are not found by a registry officer whose reach does not cover who ran it', async () => {
    const file = multipartFile(
      'p.csv',
      Buffer.from(
        `公民身份号码,姓名,所属村社区代码\r\n${id('14088219800101001').slice(0, 17)}0,坏行,${villages.own}\r\n`,
      ),
    );
    const run = await api.call(s.registrar, 'POST', '/api/v1/imports/persons', file.body, file.headers);
    const importId = run.json().id as string;
    expect(importId).toEqual(expect.any(String));
    expect((await api.call(s.registrar, 'GET', `/api/v1/imports/${importId}`)).statusCode).toBe(200);
    const township = await staff('jur_registrar', '140882-BM2', 'registry_officer', 'department');
    for (const url of [`/api/v1/imports/${importId}`, `/api/v1/imports/${importId}/errors.csv`]) {
      const res = await api.call(township, 'GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('坏行');
    }
  });

  it('the duplicate finder shows an operator only the matters inside her reach', async () => {
    const body = {
      channel: 'hotline',
      categoryCode: 'property.services',
      divisionCode: villages.own,
      address: '辖区小区东门',
      description: '辖区测试：物业保洁不到位',
      complainant: { name: '钱先生', phone: '13600007777' },
    };
    expect((await api.call(s.operator, 'POST', '/api/v1/complaints', body)).statusCode).toBe(201);
    const hints = async (who: Session) =>
      (
        await api.call(who, 'POST', '/api/v1/complaints/duplicates', {
          phone: '13600007777',
          divisionCode: villages.own,
          address: '辖区小区东门',
        })
      ).json();
    expect((await hints(s.operator)).length).toBe(1);
    const other = await staff('jur_operator', '140882-BM2', 'complaint_operator', 'subtree');
    expect(await hints(other)).toEqual([]);
    // registering the same caller in her own township tells her of no matter elsewhere either
    const own = await api.call(other, 'POST', '/api/v1/complaints', { ...body, divisionCode: villages.other });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().duplicates).toEqual([]);
  });
});

describe('ID numbers with an impossible birth date', () => {
  it('refuses a birth date after today or before 1900, with the reason, and stores nothing', async () => {
    const before = await count('persons');
    const future = await api.call(s.clerk, 'POST', '/api/v1/persons', {
      idNumber: id('14088220990101001'),
      name: '未来人',
      divisionCode: villages.own,
    });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({
      field: 'idNumber',
      message: expect.stringContaining('晚于今天'),
      messageEn: expect.stringContaining('after today'),
    });
    const old = await api.call(s.clerk, 'POST', '/api/v1/persons', {
      idNumber: id('14088218991231001'),
      name: '古人',
      divisionCode: villages.own,
    });
    expect(old.statusCode).toBe(400);
    expect(old.json()).toMatchObject({
      field: 'idNumber',
      message: expect.stringContaining('1900'),
      messageEn: expect.stringContaining('before 1900'),
    });
    expect(await count('persons')).toBe(before);
  });

  it('refuses the same rows in an import, naming the line and the reason', async () => {
    const before = await count('persons');
    const csv = `公民身份号码,姓名,所属村社区代码\r\n${id('14088220990101001')},未来人,${villages.own}\r\n${id('14088218991231001')},古人,${villages.own}\r\n`;
    const file = multipartFile('p.csv', Buffer.from(csv));
    const res = await api.call(s.registrar, 'POST', '/api/v1/imports/persons', file.body, file.headers);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ line: 2, field: 'idNumber', reason: expect.stringContaining('晚于今天') }),
      expect.objectContaining({ line: 3, field: 'idNumber', reason: expect.stringContaining('1900') }),
    ]);
    expect(await count('persons')).toBe(before);
  });
});
