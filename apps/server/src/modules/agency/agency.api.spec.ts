import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../../test/api-client.ts';
import { actorNamed, movableClock, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { centreFixture } from '../service-centre/centre.testkit.ts';

/**
 * The agency routes through their contracts, over HTTP: each reply passes the check (under test) that its
 * schema drops no key the service returned, and what arrives is what the service said, instants as ISO text.
 */
let app: App;
let api: ApiClient;
let clerk: Session;
const day = movableClock('2026-10-12');

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  await centreFixture(app, await actorNamed(app, 'sysadmin'));
  api = await ApiClient.create(app);
  clerk = await api.login('clerk');
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('enterprise agency over its contract', () => {
  it('refuses a stranger before reading the body (403), a clerk a bad body (400 with the field)', async () => {
    const registrar = await api.login('registrar');
    expect((await api.call(registrar, 'POST', '/api/v1/agency/packages', {})).statusCode).toBe(403);
    const bad = await api.call(clerk, 'POST', '/api/v1/agency/packages', { projectName: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('opens a package, lists it, shows it to staff and to the enterprise, takes and answers a complaint', async () => {
    const { id: organisationId } = await app.db
      .selectFrom('organisations')
      .select('id')
      .where('credit_code', '=', '91140882MA0K1234XY')
      .executeTakeFirstOrThrow();
    const opened = await api.call(clerk, 'POST', '/api/v1/agency/packages', {
      organisationId,
      projectName: '年产5万吨新材料项目',
      itemCodes: ['CT-0001', 'CT-0003'],
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const pkg = opened.json() as { id: string; number: string; queryCode: string };
    expect(Object.keys(pkg).sort()).toEqual(['id', 'number', 'queryCode']);

    const list = await api.call(clerk, 'GET', '/api/v1/agency/packages');
    expect(list.statusCode, list.body).toBe(200);
    const row = (list.json() as Array<Record<string, unknown>>).find((p) => p.id === pkg.id)!;
    expect(row).toMatchObject({ number: pkg.number, progress: { done: 0, total: 2 } });
    expect(row.createdAt).toMatch(/^2026-10-1\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const detail = await api.call(clerk, 'GET', `/api/v1/agency/packages/${pkg.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({ queryCode: pkg.queryCode, complaints: [] });
    expect((detail.json() as { items: Array<{ caseId: string }> }).items.every((i) => i.caseId)).toBe(true);

    const seen = await api.call(undefined, 'GET', `/api/v1/public/agency/${pkg.number}?queryCode=${pkg.queryCode}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.body).not.toContain('caseId');
    expect(seen.json()).toMatchObject({ enterprise: '河津市恒达新材料有限公司', progress: { total: 2 } });

    const filed = await api.call(undefined, 'POST', `/api/v1/public/agency/${pkg.number}/complaints`, {
      queryCode: pkg.queryCode,
      text: '规划许可迟迟没有进展',
      phone: '13900001111',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const complaint = (filed.json() as { id: string }).id;
    const answered = await api.call(clerk, 'POST', `/api/v1/agency/complaints/${complaint}/answer`, {
      answer: '已协调规划部门，本周内办结',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const after = (await api.call(clerk, 'GET', `/api/v1/agency/packages/${pkg.id}`)).json() as {
      complaints: Array<Record<string, unknown>>;
    };
    expect(after.complaints).toEqual([
      expect.objectContaining({ id: complaint, contactPhone: '139****1111', answer: '已协调规划部门，本周内办结' }),
    ]);
    expect(after.complaints[0]!.answeredAt).toMatch(/Z$/);
  });
});
