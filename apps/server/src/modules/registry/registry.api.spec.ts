import { idNumberCheckChar } from '@grassroots/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../../test/api-client.ts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

let app: App;
let api: ApiClient;
let clerk: Session;
let village: string;
const id = (first17: string) => first17 + idNumberCheckChar(first17);

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  clerk = await api.login('clerk');
  village = (
    await app.db
      .selectFrom('divisions')
      .select('code')
      .where('parent_code', '=', (await actorNamed(app, 'clerk')).divisionCode)
      .orderBy('code')
      .limit(1)
      .executeTakeFirstOrThrow()
  ).code;
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const person = (idNumber: string, name: string, extra: Record<string, unknown> = {}) =>
  api.call(clerk, 'POST', '/api/v1/persons', {
    idNumber,
    name,
    divisionCode: village,
    residenceAddress: '河津市城关街道测试路8号',
    ...extra,
  });

describe('registry over HTTP', () => {
  it('registers a person whose sex and birth date agree with the ID number, and nothing else', async () => {
    const count = async () =>
      Number(
        (
          await app.db
            .selectFrom('persons')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const wrongSex = await person(id('14088219850101001'), '欧阳修远', { sex: '女' });
    expect(wrongSex.statusCode).toBe(400);
    expect(wrongSex.json()).toMatchObject({
      code: 'invalid_person',
      field: 'sex',
      message: '性别与公民身份号码不一致',
    });
    const badCheck = await person('140882198501010010', '欧阳修远');
    expect(badCheck.json()).toMatchObject({ field: 'idNumber' });
    expect(await count()).toBe(before);
    const ok = await person(id('14088219850101001'), '欧阳修远', { phone: '13912345678' });
    expect(ok.statusCode).toBe(201);
    expect((await person(id('14088219850101001'), '欧阳修远')).json()).toMatchObject({ code: 'person_exists' });
    const shown = (await api.call(clerk, 'GET', `/api/v1/persons/${ok.json().id}`)).json();
    expect(shown).toMatchObject({
      sex: 'male',
      birthDate: '1985-01-01',
      phone: '139****5678',
      idNumber: '1408**********001' + idNumberCheckChar('14088219850101001').slice(-1),
    });
    expect(shown.idNumber).toMatch(/^1408\*{10}\d{3}[\dX]$/);
  });

  it('finds a person by a fragment of the name (bigram and trigram) and by the exact ID', async () => {
    const found = (await api.call(clerk, 'GET', '/api/v1/persons?name=%E9%98%B3%E4%BF%AE')).json(); // 阳修
    expect(found.map((p: { name: string }) => p.name)).toContain('欧阳修远');
    const none = (await api.call(clerk, 'GET', '/api/v1/persons?name=%E4%BF%AE%E9%98%B3')).json(); // 修阳: not a fragment
    expect(none.map((p: { name: string }) => p.name)).not.toContain('欧阳修远');
    const exact = (
      await api.call(clerk, 'GET', `/api/v1/persons?idNumber=${id('14088219850101001').toLowerCase()}`)
    ).json();
    expect(exact.map((p: { name: string }) => p.name)).toEqual(['欧阳修远']);
  });

  it('creates a household only with exactly one head', async () => {
    const a = (await person(id('14088219900202001'), '上官清风')).json().id;
    const b = (await person(id('14088219920303002'), '上官明月')).json().id;
    const twoHeads = await api.call(clerk, 'POST', '/api/v1/households', {
      number: 'T-0001',
      divisionCode: village,
      address: '测试路8号',
      members: [
        { personId: a, relation: 'head' },
        { personId: b, relation: 'head' },
      ],
    });
    expect(twoHeads.json()).toMatchObject({ status: 400, field: 'members' });
    const created = await api.call(clerk, 'POST', '/api/v1/households', {
      number: 'T-0001',
      divisionCode: village,
      address: '测试路8号',
      members: [
        { personId: a, relation: 'head' },
        { personId: b, relation: 'spouse' },
      ],
    });
    expect(created.statusCode).toBe(201);
    const hh = (await api.call(clerk, 'GET', '/api/v1/households/T-0001')).json();
    expect(hh.members.map((m: { name: string; relation: string }) => [m.name, m.relation])).toEqual([
      ['上官清风', 'head'],
      ['上官明月', 'spouse'],
    ]);
    const again = await api.call(clerk, 'POST', '/api/v1/households', {
      number: 'T-0002',
      divisionCode: village,
      address: 'x',
      members: [{ personId: b, relation: 'head' }],
    });
    expect(again.json()).toMatchObject({ code: 'already_in_household', field: 'members.0.personId' });
    const byHousehold = (await api.call(clerk, 'GET', '/api/v1/persons?household=T-0001')).json();
    expect(byHousehold).toHaveLength(2);
  });

  it('registers outside organisations (system administrator only)', async () => {
    const sysadmin = await api.login('sysadmin');
    const body = {
      name: '河津市安居物业管理有限公司',
      kind: 'property_company',
      creditCode: '91140882MA0K123456',
      divisionCode: '140882',
    };
    expect((await api.call(clerk, 'POST', '/api/v1/organisations', body)).statusCode).toBe(403);
    expect((await api.call(sysadmin, 'POST', '/api/v1/organisations', body)).statusCode).toBe(201);
    expect((await api.call(sysadmin, 'POST', '/api/v1/organisations', body)).json()).toMatchObject({
      code: 'organisation_exists',
    });
    expect(
      (await api.call(clerk, 'GET', '/api/v1/organisations?kind=property_company&name=%E5%AE%89%E5%B1%85')).json(),
    ).toEqual([expect.objectContaining({ name: body.name })]);
  });
});
