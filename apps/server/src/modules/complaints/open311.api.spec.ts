import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/api-client.ts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
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

const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('Open311 GeoReport v2', () => {
  it('lists our public leaf categories as services, and no internal one', async () => {
    const res = await api.server.inject({ method: 'GET', url: '/open311/v2/services.json' });
    const services = res.json() as Array<{ service_code: string; group: string }>;
    expect(services).toContainEqual(
      expect.objectContaining({
        service_code: 'property.utilities.heating',
        service_name: '供暖',
        group: '水电气暖供应',
        type: 'realtime',
        metadata: false,
      }),
    );
    expect(services.map((s) => s.service_code)).not.toContain('property.utilities');
    // a neighbour dispute or a 低保 complaint is nobody else's business
    expect(services.map((s) => s.service_code)).not.toContain('property.services');
    expect(services.map((s) => s.service_code)).not.toContain('social');
  });

  it('files a request from a client, follows it through our chain, and reads it back closed', async () => {
    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .where('code', 'like', '140882001%')
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const bad = await api.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({ service_code: 'nope', description: '路灯不亮已经一周了', lat: '35.6', long: '110.7' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual([
      expect.objectContaining({ code: 400, description: expect.stringContaining('service_code') }),
    ]);
    const filed = await api.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({
        service_code: 'property.utilities.heating',
        description: '小区暖气不热，已经三天了',
        lat: '35.5970',
        long: '110.7120',
        address_string: '龙门小区5号楼',
        jurisdiction_id: village,
        first_name: '女士',
        last_name: '刘',
        phone: '13912340000',
      }),
    });
    expect(filed.statusCode).toBe(201);
    const [{ service_request_id: id }] = filed.json();
    expect(id).toMatch(/^GD-\d{4}-\d{6}$/);
    const open = (await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json();
    // published: the category's summary, the village, and the centre of the ~300 m cell — nothing the requester typed
    expect(open).toEqual([
      expect.objectContaining({
        service_request_id: id,
        status: 'open',
        service_code: 'property.utilities.heating',
        description: '供暖：暖气不热、停暖、采暖费',
        agency_responsible: '河津市12345政务服务便民热线中心',
        lat: 35.5965,
        long: 110.7135,
      }),
    ]);
    for (const typed of ['13912340000', '暖气不热，已经三天了', '龙门小区', '刘'])
      expect(JSON.stringify(open)).not.toContain(typed);

    // the coordination centre takes it through the chain
    const operator = await actorNamed(app, 'operator');
    const reviewer = await actorNamed(app, 'reviewer');
    const complaints = new ComplaintsService(app.db, app.cases, app.cipher, app.caseTypes);
    const c = await app.db
      .selectFrom('cases')
      .select(['id', 'version'])
      .where('number', '=', id)
      .executeTakeFirstOrThrow();
    const civil = (
      await app.db.selectFrom('departments').select('id').where('code', '=', '140882-MZJ').executeTakeFirstOrThrow()
    ).id;
    let k = (await complaints.dispatch(operator, c.id, { expectedVersion: c.version, leadDepartmentId: civil })).case;
    const act = async (
      who: typeof operator,
      action: string,
      fields: Record<string, unknown> = {},
      opinion?: string,
    ) => {
      k = (
        await app.cases.act(who, c.id, action, {
          expectedVersion: k.version,
          fields,
          attachments: [],
          ...(opinion ? { opinion } : {}),
        })
      ).case;
    };
    await act(reviewer, 'signFor');
    // a client sees when to expect it: the end of the handling deadline's day, Beijing time
    const handling = (await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` })).json()[0];
    expect(handling.expected_datetime).toBe(new Date(`${k.dueDate}T23:59:59+08:00`).toISOString());
    await act(reviewer, 'reply', { reply: '已协调供热公司排气', result: 'resolved' });
    await act(operator, 'callback', { satisfaction: 'satisfied' }, '群众满意');
    await act(operator, 'close');
    const closed = (await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${id}` })).json();
    expect(closed).toEqual([
      expect.objectContaining({
        status: 'closed',
        status_notes: '已办结（已解决）',
        agency_responsible: '河津市民政局',
      }),
    ]);
    const list = (
      await api.server.inject({
        method: 'GET',
        url: '/open311/v2/requests.json?status=closed&service_code=property.utilities.heating',
      })
    ).json() as Array<{ service_request_id: string }>;
    expect(list.map((r) => r.service_request_id)).toContain(id);
    expect(
      (await api.server.inject({ method: 'GET', url: '/open311/v2/requests/GD-1999-000001.json' })).statusCode,
    ).toBe(404);
  });

  it('keeps matters of internal categories internal — not listed, 404 by id — in JSON and XML; refuses to file into them', async () => {
    const complaints = new ComplaintsService(app.db, app.cases, app.cipher, app.caseTypes);
    const village = await app.db
      .selectFrom('divisions as v')
      .innerJoin('divisions as t', 't.code', 'v.parent_code')
      .select(['v.code', 'v.name', 't.name as township'])
      .where('v.level', '=', 5)
      .where('v.code', 'like', '140882001%')
      .orderBy('v.code')
      .executeTakeFirstOrThrow();
    const file = async (categoryCode: string, description: string) =>
      (
        await complaints.registerPublic(
          {
            channel: 'portal',
            categoryCode,
            divisionCode: village.code,
            address: '幸福里小区3号楼2单元501',
            lat: 35.60123,
            lng: 110.70987,
            description,
            complainant: { name: '赵大妈', phone: '13966665555' },
          },
          await app.calendar.get(),
          app.clock(),
        )
      ).number as string;
    const internal = await file('property.services', '楼上邻居每晚装修噪音，物业不管，他家姓钱');
    const published = await file('property.utilities.power', '我家501楼道灯坏了一个月，我腿脚不便');
    const xml = new XMLParser({ parseTagValue: false });

    const list = (await api.server.inject({ method: 'GET', url: '/open311/v2/requests.json' })).json() as Array<
      Record<string, unknown>
    >;
    expect(list.map((r) => r.service_request_id)).not.toContain(internal);
    const shown = list.find((r) => r.service_request_id === published)!;
    expect(shown).toMatchObject({
      service_code: 'property.utilities.power',
      description: '供电：停电、电压、公共照明',
      address: `${village.township}${village.name}`,
      lat: 35.6025,
      long: 110.7105,
    });
    // the published cell is coarse but honest: the true point lies inside it
    expect(Math.abs((shown.lat as number) - 35.60123)).toBeLessThanOrEqual(0.0015);
    expect(Math.abs((shown.long as number) - 110.70987)).toBeLessThanOrEqual(0.0015);
    const listXml = (await api.server.inject({ method: 'GET', url: '/open311/v2/requests.xml' })).body;
    expect(listXml).toContain(published);
    for (const body of [JSON.stringify(list), listXml]) {
      expect(body).not.toContain(internal);
      for (const typed of ['幸福里', '501', '邻居', '楼道灯坏', '赵大妈', '13966665555', '35.60123', '110.70987'])
        expect(body).not.toContain(typed);
    }

    const byIdJson = await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${internal}.json` });
    expect([byIdJson.statusCode, byIdJson.json()[0].code]).toEqual([404, 404]);
    const byIdXml = await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${internal}.xml` });
    expect([byIdXml.statusCode, xml.parse(byIdXml.body).errors.error.code]).toEqual([404, '404']);
    const byQuery = (
      await api.server.inject({
        method: 'GET',
        url: `/open311/v2/requests.json?service_request_id=${internal},${published}`,
      })
    ).json() as Array<{ service_request_id: string }>;
    expect(byQuery.map((r) => r.service_request_id)).toEqual([published]);
    const byService = await api.server.inject({
      method: 'GET',
      url: '/open311/v2/requests.xml?service_code=property.services',
    });
    expect(xml.parse(byService.body).service_requests).toBe('');

    const refused = await api.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      ...form({
        service_code: 'property.services',
        description: '物业服务太差了，保洁不到位',
        jurisdiction_id: village.code,
      }),
    });
    expect(refused.statusCode).toBe(400);
    expect(xml.parse(refused.body).errors.error).toMatchObject({
      code: '400',
      description: expect.stringContaining('service_code'),
    });

    // only an administrator changes what is public, and it is audited; the words stay unpublished even then
    const clerk = await api.login('clerk');
    expect(
      (
        await api.call(
          clerk,
          'PUT',
          '/api/v1/complaints/categories/property.services/publication',
          { public: true },
          { 'x-csrf-token': clerk.csrfToken },
        )
      ).statusCode,
    ).toBe(403);
    const sysadmin = await api.login('sysadmin');
    const marked = await api.call(sysadmin, 'PUT', '/api/v1/complaints/categories/property.services/publication', {
      public: true,
    });
    expect(marked.json()).toEqual({ category: 'property.services', public: true });
    const now = (await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${internal}.json` })).json();
    expect(now).toEqual([
      expect.objectContaining({
        service_request_id: internal,
        description: '物业服务：保洁、保安、绿化、维修、停车、收费',
      }),
    ]);
    expect(JSON.stringify(now)).not.toContain('邻居');
    expect(
      await app.db
        .selectFrom('audit_log')
        .select('target_id')
        .where('action', '=', 'complaint.category_publication')
        .execute(),
    ).toEqual([{ target_id: 'property.services' }]);
    await api.call(sysadmin, 'PUT', '/api/v1/complaints/categories/property.services/publication', { public: false });
    expect((await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${internal}.json` })).statusCode).toBe(
      404,
    );
  });

  it('speaks XML to a client that asks with the .xml suffix: services, a filed request, its state, and errors', async () => {
    const xml = new XMLParser({ parseTagValue: false });
    const read = (body: string) => {
      expect(XMLValidator.validate(body)).toBe(true);
      return xml.parse(body);
    };
    const services = await api.server.inject({ method: 'GET', url: '/open311/v2/services.xml' });
    expect(services.headers['content-type']).toMatch(/^text\/xml/);
    expect(read(services.body).services.service).toContainEqual(
      expect.objectContaining({ service_code: 'property.utilities.heating', service_name: '供暖', metadata: 'false' }),
    );

    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const description = '井盖缺失 <危险> & 夜间无警示';
    const filed = await api.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      ...form({ service_code: 'municipal', description, jurisdiction_id: village, address_string: '东街"小学"门口' }),
    });
    expect(filed.statusCode).toBe(201);
    const id = read(filed.body).service_requests.request.service_request_id;
    expect(id).toMatch(/^GD-\d{4}-\d{6}$/);
    const got = read((await api.server.inject({ method: 'GET', url: `/open311/v2/requests/${id}.xml` })).body)
      .service_requests.request;
    expect(got).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'municipal',
      description: '市政设施：道路、井盖、路灯、排水',
      agency_responsible: '河津市12345政务服务便民热线中心',
    });
    expect(got.address).not.toContain('小学');
    const refused = await api.server.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      ...form({ service_code: 'municipal', description: '短' }),
    });
    expect(refused.statusCode).toBe(400);
    expect(read(refused.body).errors.error).toMatchObject({
      code: '400',
      description: expect.stringContaining('description'),
    });
    const missing = await api.server.inject({ method: 'GET', url: '/open311/v2/requests/GD-1999-000001.xml' });
    expect([missing.statusCode, read(missing.body).errors.error.code]).toEqual([404, '404']);
  });
});
