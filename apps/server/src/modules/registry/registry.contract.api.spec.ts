import { idNumberCheckChar } from '@grassroots/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, multipartFile, type Session } from '../../../test/api-client.ts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

/**
 * The registry's routes answer from their contracts (packages/contracts/src/registry.ts): under test a reply
 * that would lose a key to its schema is a 500, so each reply walked here is whole, with its keys as before.
 */
let app: App;
let api: ApiClient;
let registrar: Session;
let village: string;
const id = (first17: string) => first17 + idNumberCheckChar(first17);
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  registrar = await api.login('registrar');
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

describe('registry replies by their contracts', () => {
  it('a person with her household, found by the household number; an agent registered and revoked', async () => {
    const idNumber = id('14088219700505001');
    const created = await api.call(registrar, 'POST', '/api/v1/persons', {
      idNumber,
      name: '司马契约',
      divisionCode: village,
      residenceAddress: '契约路1号',
    });
    expect(created.statusCode, created.body).toBe(201);
    const personId = created.json().id as string;
    const household = await api.call(registrar, 'POST', '/api/v1/households', {
      number: 'C-0001',
      divisionCode: village,
      address: '契约路1号',
      members: [{ personId, relation: 'head' }],
    });
    expect(household.statusCode, household.body).toBe(201);

    const person = (await api.call(registrar, 'GET', `/api/v1/persons/${personId}`)).json();
    expect(person).toMatchObject({ name: '司马契约', birthDate: '1970-05-05', sex: 'male' });
    expect(person.household).toMatchObject({ number: 'C-0001', relation: 'head', address: '契约路1号' });
    expect(person.household.members).toEqual([
      { id: personId, name: '司马契约', id_number_masked: expect.stringContaining('****'), relation: 'head' },
    ]);
    const byHousehold = await api.call(registrar, 'GET', '/api/v1/persons?household=C-0001');
    expect(byHousehold.json().map((p: { id: string }) => p.id)).toEqual([personId]);
    // blanks are no criterion: they do not list everyone in reach
    for (const query of ['', '?household=%20%20', '?name=%20&address=%20'])
      expect((await api.call(registrar, 'GET', `/api/v1/persons${query}`)).json(), query).toMatchObject({
        status: 400,
        field: 'q',
      });
    const shown = (await api.call(registrar, 'GET', '/api/v1/households/C-0001')).json();
    expect(shown).toMatchObject({ number: 'C-0001', members: [{ id: personId }] });
    const revealed = (
      await api.call(registrar, 'POST', `/api/v1/persons/${personId}/reveal`, { reason: '核对身份' })
    ).json();
    expect(revealed.idNumber).toBe(idNumber);

    const agent = await api.call(registrar, 'POST', `/api/v1/persons/${personId}/agents`, {
      name: '司马代理',
      phone: '13900002222',
      relationship: '子女',
      document: '委托书',
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(agent.statusCode, agent.body).toBe(201);
    const revoked = await api.call(registrar, 'POST', `/api/v1/persons/${personId}/agents/${agent.json().id}/revoke`, {
      reason: '委托已解除',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toEqual({ id: agent.json().id, revokedAt: expect.stringMatching(ISO) });
  });

  it('an import, its record, its error report and the conflict it leaves for review', async () => {
    const known = id('14088219700505001');
    const csv = [
      '公民身份号码,姓名,所属村社区代码,居住地址',
      `${known},司马契约,${village},契约路2号`,
      `${known.slice(0, 17)}0,坏行,${village},契约路3号`,
    ].join('\r\n');
    const preview = multipartFile('p.csv', Buffer.from(csv));
    const previewed = await api.call(
      registrar,
      'POST',
      '/api/v1/imports/persons/preview',
      preview.body,
      preview.headers,
    );
    expect(previewed.statusCode, previewed.body).toBe(200);
    expect(previewed.json()).toMatchObject({
      header: ['公民身份号码', '姓名', '所属村社区代码', '居住地址'],
      suggested: ['idNumber', 'name', 'divisionCode', 'residenceAddress'],
      rows: [{ line: 2 }, { line: 3 }],
    });

    const good = multipartFile('p.csv', Buffer.from(csv));
    const run = await api.call(registrar, 'POST', '/api/v1/imports/persons', good.body, good.headers);
    expect(run.statusCode, run.body).toBe(422);
    const summary = run.json();
    expect(summary).toMatchObject({ status: 'rejected', mode: 'all_or_nothing', bad: 1, total: 2 });
    expect(summary.errorReport).toBe(`/api/v1/imports/${summary.id}/errors.csv`);

    const record = (await api.call(registrar, 'GET', `/api/v1/imports/${summary.id}`)).json();
    expect(record).toMatchObject({ id: summary.id, file_name: 'p.csv', status: 'rejected', bad_rows: 1 });
    expect(record.created_at).toMatch(ISO);
    const report = await api.call(registrar, 'GET', summary.errorReport);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    expect(report.headers['content-disposition']).toContain('import-errors.csv');
    expect(report.body).toContain('idNumber');

    // only the good row, with a residence address that differs from the stored one: a conflict
    const onlyGood = multipartFile('q.csv', Buffer.from(csv.split('\r\n').slice(0, 2).join('\r\n')));
    const applied = await api.call(registrar, 'POST', '/api/v1/imports/persons', onlyGood.body, onlyGood.headers);
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json()).toMatchObject({ status: 'applied', conflicts: 1 });
    const conflicts = (await api.call(registrar, 'GET', '/api/v1/registry/conflicts')).json();
    expect(conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: '司马契约',
          field: 'residenceAddress',
          current_value: '契约路1号',
          incoming_value: '契约路2号',
          created_at: expect.stringMatching(ISO),
        }),
      ]),
    );
  });
});
