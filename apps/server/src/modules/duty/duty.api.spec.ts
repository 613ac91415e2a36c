import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../../test/api-client.ts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

/**
 * The duty routes through their contracts, over HTTP: the replies pass the check (under test) that their
 * schemas drop no key, the files leave with their declared types, a stranger is refused before validation.
 */
let app: App;
let api: ApiClient;
let head: Session;
let centreId = '';

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  head = await api.login('centrehead');
  centreId = (await actorNamed(app, 'centrehead')).departmentId;
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('the duty rota and log over their contract', () => {
  it('refuses a clerk before reading the body (403) and the manager a range that ends before it starts', async () => {
    const clerk = await api.login('clerk');
    expect((await api.call(clerk, 'POST', '/api/v1/duty/rota/generate', {})).statusCode).toBe(403);
    const backwards = await api.call(head, 'POST', '/api/v1/duty/rota/generate', {
      departmentId: centreId,
      from: '2026-10-05',
      to: '2026-10-01',
      leaderIds: [(await actorNamed(app, 'centrehead')).id],
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'validation_failed', field: 'body.to' });
  });

  it('makes the rota, writes an emergency in the log, and exports both', async () => {
    const leader = await actorNamed(app, 'centrehead');
    const made = await api.call(head, 'POST', '/api/v1/duty/rota/generate', {
      departmentId: centreId,
      from: '2026-11-02',
      to: '2026-11-03',
      leaderIds: [leader.id],
    });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toEqual({ days: 2 });
    const range = `departmentId=${centreId}&from=2026-11-02&to=2026-11-03`;
    const rota = await api.call(head, 'GET', `/api/v1/duty/rota?${range}`);
    expect(rota.json()).toEqual([
      { day: '2026-11-02', leaderId: leader.id, leader: leader.displayName, swapped: false },
      { day: '2026-11-03', leaderId: leader.id, leader: leader.displayName, swapped: false },
    ]);
    const written = await api.call(head, 'POST', '/api/v1/duty/log', {
      departmentId: centreId,
      day: '2026-11-02',
      kind: 'emergency',
      atTime: '14:05',
      text: '接暴雨橙色预警，组织防汛',
      details: { warning: '暴雨橙色预警', broadcasts: 3, inspections: ['沿河低洼地段'] },
    });
    expect(written.statusCode, written.body).toBe(201);
    const log = await api.call(head, 'GET', `/api/v1/duty/log?departmentId=${centreId}&day=2026-11-02`);
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json()).toMatchObject({
      day: '2026-11-02',
      leader: leader.displayName,
      entries: [
        {
          id: (written.json() as { id: number }).id,
          kind: 'emergency',
          details: { warning: '暴雨橙色预警', broadcasts: 3, inspections: ['沿河低洼地段'] },
          villagesNotifiedNames: [],
        },
      ],
    });
    const ics = await api.call(head, 'GET', `/api/v1/duty/rota.ics?${range}`);
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(ics.headers['content-disposition']).toContain('duty.ics');
    expect(ics.body.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    const pdf = await api.call(head, 'GET', `/api/v1/duty/rota.pdf?${range}`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
