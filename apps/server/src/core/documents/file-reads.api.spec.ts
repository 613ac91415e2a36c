import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, multipartFile, residentCookie, type Session } from '../../../test/api-client.ts';
import { actorNamed, movableClock, personIn, RecordingSms, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

/**
 * Every route that streams a stored file, attacked by someone who knows the file's hash (it shows
 * in case histories and logs) or the document's id: a clerk of another township, a resident who
 * is not the complainant, an anonymous caller. Each gets 404 (401 without any session), and the
 * hash cannot be slipped into one's own record to read it from there.
 */
let app: App;
let api: ApiClient;
let clerk: Session;
let clerk2: Session;
let operator: Session;
const sms = new RecordingSms();
const time = movableClock('2026-12-01');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082',
  'hex',
);

beforeAll(async () => {
  app = await testApp({ clock: time.clock, sms });
  api = await ApiClient.create(app);
  [clerk, clerk2, operator] = [await api.login('clerk'), await api.login('clerk2'), await api.login('operator')];
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const upload = (session: Session, name: string, bytes: Buffer) => {
  const f = multipartFile(name, bytes);
  return api.call(session, 'POST', '/api/v1/attachments', f.body, f.headers);
};
async function openCase(session: Session, username: string, title: string) {
  const subject = await personIn(app, (await actorNamed(app, username)).divisionCode.slice(0, 9));
  const res = await api.call(session, 'POST', '/api/v1/cases', {
    typeCode: 'service_application',
    title,
    subject: { type: 'person', id: subject.id },
    fields: { item: 'x' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().case as { id: string; version: number };
}

describe('reading a stored file by its hash', () => {
  it('a case attachment: only through its case, for a reader whose reach covers it; a hash cannot be attached by anyone but its uploader', async () => {
    const scan = Buffer.concat([PNG, Buffer.from('id-card scan of township one')]);
    const { hash } = (await upload(clerk, 'id-card.png', scan)).json();
    const c = await openCase(clerk, 'clerk', '附件归属');
    expect(
      (
        await api.call(clerk, 'POST', `/api/v1/cases/${c.id}/actions/accept`, {
          expectedVersion: 1,
          attachments: [hash],
        })
      ).statusCode,
    ).toBe(200);
    const url = `/api/v1/cases/${c.id}/attachments/${hash}`;
    const own = await api.call(clerk, 'GET', url);
    expect([own.statusCode, own.rawPayload.equals(scan)]).toEqual([200, true]);

    // another township's clerk, an anonymous caller and a signed-in resident
    expect((await api.call(clerk2, 'GET', url)).statusCode).toBe(404);
    expect((await api.call(undefined, 'GET', url)).statusCode).toBe(401);
    expect(
      (await api.call(undefined, 'GET', url, undefined, await residentCookie(api, sms, '13822220001'))).statusCode,
    ).toBe(401);

    // the other clerk puts the known hash on a case of her own, to read it from there: refused, nothing stored
    const mine = await openCase(clerk2, 'clerk2', '借附件');
    const slipped = await api.call(clerk2, 'POST', `/api/v1/cases/${mine.id}/actions/accept`, {
      expectedVersion: 1,
      attachments: [hash],
    });
    expect([slipped.statusCode, slipped.json().field]).toEqual([400, 'attachments']);
    expect(
      (await app.db.selectFrom('case_actions').select('seq').where('case_id', '=', mine.id).execute()).length,
    ).toBe(1);
    expect((await api.call(clerk2, 'GET', `/api/v1/cases/${mine.id}/attachments/${hash}`)).statusCode).toBe(404);
    const opened = await api.call(clerk2, 'POST', '/api/v1/cases', {
      typeCode: 'service_application',
      title: '借附件',
      subject: {
        type: 'person',
        id: (await personIn(app, (await actorNamed(app, 'clerk2')).divisionCode.slice(0, 9))).id,
      },
      fields: { item: 'x' },
      attachments: [hash],
    });
    expect([opened.statusCode, opened.json().field]).toEqual([400, 'attachments']);
    // uploading the same bytes herself makes them hers to attach (she had them anyway)
    expect((await upload(clerk2, 'same.png', scan)).json().hash).toBe(hash);
    expect(
      (
        await api.call(clerk2, 'POST', `/api/v1/cases/${mine.id}/actions/accept`, {
          expectedVersion: 1,
          attachments: [hash],
        })
      ).statusCode,
    ).toBe(200);
    // … which opens her own case's copy, not the first township's
    expect((await api.call(clerk2, 'GET', url)).statusCode).toBe(404);
  });

  it("a resident's complaint photo and notice: only to the complainant signed in with her phone; her photo cannot be attached by anyone else", async () => {
    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .where('code', 'like', '140882001%')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const her = await residentCookie(api, sms, '13822220002');
    const photo = Buffer.concat([PNG, Buffer.from('a photo of the stairwell')]);
    const f = multipartFile('stairs.png', photo);
    const { hash } = (
      await api.call(undefined, 'POST', '/api/v1/public/complaints/photos', f.body, { ...f.headers, ...her })
    ).json();
    const body = {
      categoryCode: 'property.services',
      divisionCode: village,
      address: '幸福小区3号楼',
      description: '楼道堆满杂物，物业一直不清理',
      phone: '13822220002',
    };
    const filed = await api.call(undefined, 'POST', '/api/v1/public/complaints', { ...body, photos: [hash] }, her);
    expect(filed.statusCode, filed.body).toBe(201);
    const { id, number } = filed.json();
    const photoUrl = `/api/v1/public/complaints/${number}/photos/${hash}`;
    expect((await api.call(undefined, 'GET', photoUrl, undefined, her)).rawPayload.equals(photo)).toBe(true);

    const stranger = await residentCookie(api, sms, '13822220003');
    expect((await api.call(undefined, 'GET', photoUrl, undefined, stranger)).statusCode).toBe(404);
    expect((await api.call(undefined, 'GET', photoUrl)).statusCode).toBe(401);
    expect((await api.call(clerk2, 'GET', photoUrl)).statusCode).toBe(401);
    // the stranger files a complaint of her own with the known hash, to read it back as hers: refused, nothing filed
    const before = await app.db
      .selectFrom('complaints')
      .select((e) => e.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const slipped = await api.call(
      undefined,
      'POST',
      '/api/v1/public/complaints',
      { ...body, phone: '13822220003', description: '楼道里的杂物堵住了消防通道', photos: [hash] },
      stranger,
    );
    expect([slipped.statusCode, slipped.json().field]).toEqual([400, 'attachments']);
    expect(
      (
        await app.db
          .selectFrom('complaints')
          .select((e) => e.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(before.n);
    // nor may staff: a resident's upload is hers
    const c = await openCase(clerk, 'clerk', '借照片');
    expect(
      (
        await api.call(clerk, 'POST', `/api/v1/cases/${c.id}/actions/accept`, {
          expectedVersion: 1,
          attachments: [hash],
        })
      ).json().field,
    ).toBe('attachments');

    // a written notice of her matter: to her on the portal, to staff whose reach covers the matter, to nobody else
    const operatorActor = await actorNamed(app, 'operator');
    const doc = await app.db.transaction().execute((tx) =>
      app.documents.issue(tx, {
        kind: 'testNotice',
        prefix: 'TZ',
        caseId: id,
        issuerDepartmentId: operatorActor.departmentId,
        issuedOn: '2026-12-01',
        build: (n) => ({
          title: '告知书',
          number: n,
          issuer: '12345热线',
          issuedOn: '2026-12-01',
          body: ['您的诉求已受理。'],
        }),
      }),
    );
    const portalUrl = `/api/v1/public/complaints/${number}/documents/${doc.id}`;
    const read = await api.call(undefined, 'GET', portalUrl, undefined, her);
    expect([read.statusCode, read.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect((await api.call(undefined, 'GET', portalUrl, undefined, stranger)).statusCode).toBe(404);
    expect((await api.call(undefined, 'GET', portalUrl)).statusCode).toBe(401);
    const staffUrl = `/api/v1/documents/${doc.id}/pdf`;
    expect((await api.call(operator, 'GET', staffUrl)).statusCode).toBe(200);
    expect((await api.call(clerk2, 'GET', staffUrl)).statusCode).toBe(404);
    expect((await api.call(undefined, 'GET', staffUrl)).statusCode).toBe(401);
    expect((await api.call(undefined, 'GET', staffUrl, undefined, her)).statusCode).toBe(401);
    // another matter's number with her document's id: not found either
    const other = await api.call(
      undefined,
      'POST',
      '/api/v1/public/complaints',
      { ...body, phone: '13822220003', description: '小区门口路灯坏了一个月' },
      stranger,
    );
    expect(other.statusCode, other.body).toBe(201);
    expect(
      (
        await api.call(
          undefined,
          'GET',
          `/api/v1/public/complaints/${other.json().number}/documents/${doc.id}`,
          undefined,
          stranger,
        )
      ).statusCode,
    ).toBe(404);
  });
});
