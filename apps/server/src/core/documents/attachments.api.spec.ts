import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, multipartFile, type Session } from '../../../test/api-client.ts';
import { actorNamed, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

let app: App;
let api: ApiClient;
let clerk: Session;
beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  clerk = await api.login('clerk');
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('attachments', () => {
  it('stores a file once by its SM3 hash and refuses types it does not recognise', async () => {
    const png = multipartFile('photo.png', PNG);
    const first = await api.call(clerk, 'POST', '/api/v1/attachments', png.body, png.headers);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      mime: 'image/png',
      size: PNG.length,
    });
    const again = await api.call(clerk, 'POST', '/api/v1/attachments', png.body, png.headers);
    expect(again.json().hash).toBe(first.json().hash);
    const exe = multipartFile('tool.exe', Buffer.from('MZ\x90\x00 not a document'));
    const refused = await api.call(clerk, 'POST', '/api/v1/attachments', exe.body, exe.headers);
    expect(refused.statusCode).toBe(415);
    expect(refused.json()).toMatchObject({ code: 'unsupported_file_type', field: 'file' });
  });

  it('records attachments with the action that carries them', async () => {
    const png = multipartFile('id-card.png', PNG);
    const { hash } = (await api.call(clerk, 'POST', '/api/v1/attachments', png.body, png.headers)).json();
    const actor = await actorNamed(app, 'clerk');
    const subject = await personIn(app, actor.divisionCode.slice(0, 9));
    const c = (
      await api.call(clerk, 'POST', '/api/v1/cases', {
        typeCode: 'service_application',
        title: '附件',
        subject: { type: 'person', id: subject.id },
        fields: { item: 'x' },
      })
    ).json().case;
    const accepted = await api.call(clerk, 'POST', `/api/v1/cases/${c.id}/actions/accept`, {
      expectedVersion: 1,
      attachments: [hash],
    });
    expect(accepted.statusCode).toBe(200);
    const detail = (await api.call(clerk, 'GET', `/api/v1/cases/${c.id}`)).json();
    expect(detail.history[1].attachments).toEqual([expect.objectContaining({ hash, mime: 'image/png' })]);

    // served through its case only: the bytes to whoever reads the case, nothing to another township
    const got = await api.call(clerk, 'GET', `/api/v1/cases/${c.id}/attachments/${hash}`);
    expect([got.statusCode, got.headers['content-type'], got.rawPayload.equals(PNG)]).toEqual([200, 'image/png', true]);
    const clerk2 = await api.login('clerk2');
    expect((await api.call(clerk2, 'GET', `/api/v1/cases/${c.id}/attachments/${hash}`)).statusCode).toBe(404);
    const other = (
      await api.call(clerk, 'POST', '/api/v1/cases', {
        typeCode: 'service_application',
        title: '别的',
        subject: { type: 'person', id: subject.id },
        fields: { item: 'y' },
      })
    ).json().case;
    expect((await api.call(clerk, 'GET', `/api/v1/cases/${other.id}/attachments/${hash}`)).statusCode).toBe(404);
  });
});
