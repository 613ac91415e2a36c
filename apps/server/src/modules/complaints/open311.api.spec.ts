import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/api-client.ts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../app.ts';
import { ComplaintsService } from './complaints.service.ts';

let app: App;
let api: ApiClient;

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const form = (fields: Record<string, string>) => ({ payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('Open311 GeoReport v2', () => {
  it('lists our leaf categories as services', async () => {
    const res = await api.server.inject({ method: 'GET', url: '/open311/v2/services.json' });
    const services = res.json() as Array<{ service_code: string; group: string }>;
    expect(services).toContainEqual(expect.objectContaining({ service_code: 'property.utilities.heating', service_name: '供暖', group: '水电气暖供应', type: 'realtime', metadata: false }));
    expect(services.map((s) => s.service_code)).not.toContain('property.utilities');
  });

  it('files a request from a client, follows it through our chain, and reads it back closed', async () => {
    const village = (await app.db.selectFrom('divisions').select('code').where('level', '=', 5).where('code', 'like', '140882001%').orderBy('code').executeTakeFirstOrThrow()).code;
    const bad = await api.server.inject({ method: 'POST', url: '/open311/v2/requests.json', ...form({ service_code: 'nope', description: '路灯不亮已经一周了', lat: '35.6', long: '110.7' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual([expect.objectContaining({ code: 400, description: expect.stringContaining('service_code') })]);
    const filed = await api.server.inject({ method: 'POST', url: '/open311/v2/requests.json', ...form({ service_code: 'property.utilities.heating', description: '小区暖气不热，已经三天了', lat: '35.5970', long: '110.7120', address_string: '龙门小区5号楼', jurisdiction_id: village, first_name: '女士', last_name: '刘', phone: '13912340000' }) });
    expect(filed.statusCode).toBe(201);
    const [{ service_request_id: id }] = filed.json();
    expect(id).toMatch(/^GD-\d{4}-\d{6}$/);
    const open = (await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json();
    expect(open).toEqual([expect.objectContaining({ service_request_id: id, status: 'open', service_code: 'property.utilities.heating', description: '小区暖气不热，已经三天了', agency_responsible: '河津市12345政务服务便民热线中心', lat: 35.597, long: 110.712 })]);
    expect(JSON.stringify(open)).not.toContain('13912340000');

    // the coordination centre takes it through the chain
    const operator = await actorNamed(app, 'operator');
    const reviewer = await actorNamed(app, 'reviewer');
    const complaints = new ComplaintsService(app.db, app.cases, app.cipher, app.caseTypes);
    const c = await app.db.selectFrom('cases').select(['id', 'version']).where('number', '=', id).executeTakeFirstOrThrow();
    const civil = (await app.db.selectFrom('departments').select('id').where('code', '=', '140882-MZJ').executeTakeFirstOrThrow()).id;
    let k = (await complaints.dispatch(operator, c.id, { expectedVersion: c.version, leadDepartmentId: civil })).case;
    const act = async (who: typeof operator, action: string, fields: Record<string, unknown> = {}, opinion?: string) => { k = (await app.cases.act(who, c.id, action, { expectedVersion: k.version, fields, attachments: [], ...(opinion ? { opinion } : {}) })).case; };
    await act(reviewer, 'signFor');
    // a client sees when to expect it: the end of the handling deadline's day, Beijing time
    const handling = (await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json()[0];
    expect(handling.expected_datetime).toBe(new Date(`${k.dueDate}T23:59:59+08:00`).toISOString());
    await act(reviewer, 'reply', { reply: '已协调供热公司排气', result: 'resolved' });
    await act(operator, 'callback', { satisfaction: 'satisfied' }, '群众满意');
    await act(operator, 'close');
    const closed = (await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${id}` })).json();
    expect(closed).toEqual([expect.objectContaining({ status: 'closed', status_notes: '已办结（已解决）', agency_responsible: '河津市民政局' })]);
    const list = (await api.server.inject({ method: 'GET', url: '/open311/v2/requests.json?status=closed&service_code=property.utilities.heating' })).json() as Array<{ service_request_id: string }>;
    expect(list.map((r) => r.service_request_id)).toContain(id);
    expect((await api.server.inject({ method: 'GET', url: '/open311/v2/requests/GD-1999-000001.json' })).statusCode).toBe(404);
  });

  it('speaks XML to a client that asks with the .xml suffix: services, a filed request, its state, and errors', async () => {
    const xml = new XMLParser({ parseTagValue: false });
    const read = (body: string) => {
      expect(XMLValidator.validate(body)).toBe(true);
      return xml.parse(body);
    };
    const services = await api.server.inject({ method: 'GET', url: '/open311/v2/services.xml' });
    expect(services.headers['content-type']).toMatch(/^text\/xml/);
    expect(read(services.body).services.service).toContainEqual(expect.objectContaining({ service_code: 'property.utilities.heating', service_name: '供暖', metadata: 'false' }));

    const village = (await app.db.selectFrom('divisions').select('code').where('level', '=', 5).orderBy('code').executeTakeFirstOrThrow()).code;
    const description = '井盖缺失 <危险> & 夜间无警示';
    const filed = await api.server.inject({ method: 'POST', url: '/open311/v2/requests.xml', ...form({ service_code: 'municipal', description, jurisdiction_id: village, address_string: '东街"小学"门口' }) });
    expect(filed.statusCode).toBe(201);
    const id = read(filed.body).service_requests.request.service_request_id;
    expect(id).toMatch(/^GD-\d{4}-\d{6}$/);
    const got = read((await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${id}.xml` })).body).service_requests.request;
    expect(got).toMatchObject({ service_request_id: id, status: 'open', service_code: 'municipal', description, address: '东街"小学"门口', agency_responsible: '河津市12345政务服务便民热线中心' });
    const refused = await api.server.inject({ method: 'POST', url: '/open311/v2/requests.xml', ...form({ service_code: 'municipal', description: '短' }) });
    expect(refused.statusCode).toBe(400);
    expect(read(refused.body).errors.error).toMatchObject({ code: '400', description: expect.stringContaining('description') });
    const missing = await api.server.inject({ method: 'GET', url: '/open311/v2/requests/GD-1999-000001.xml' });
    expect([missing.statusCode, read(missing.body).errors.error.code]).toEqual([404, '404']);
  });
});
