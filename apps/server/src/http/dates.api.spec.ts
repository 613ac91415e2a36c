import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../test/api-client.ts';
import { actorNamed, personIn, testApp } from '../../test/helpers.ts';
import type { App } from '../compose.ts';
import { householdOf, investigationFor, PHOTO } from '../modules/assistance/assistance.testkit.ts';
import { demoAllowanceRules } from '../demo/demo.seed.ts';

/**
 * Impossible calendar dates (issue 15): each of these routes answered 500 (PostgreSQL refused the
 * date) or stored the date in jsonb. Now every one answers 400 problem+json naming the field, in
 * Chinese and English, and stores nothing.
 */
const BAD_DATES = ['2026-02-30', '2015-13-01'];
let app: App;
let api: ApiClient;
const s = {} as Record<'sysadmin' | 'township' | 'community' | 'clerk' | 'approver', Session>;
const fx = { village: '', person: '', centre: '' };

/** Rows in every table these routes write to, so a refused request is seen to store nothing. */
const written = async () =>
  (
    await sql<Record<string, number>>`SELECT
  (SELECT count(*) FROM assistance_rule_versions)::int AS rules, (SELECT count(*) FROM care_beneficiaries)::int AS beneficiaries,
  (SELECT count(*) FROM assistance_work_records)::int AS work, (SELECT count(*) FROM appointment_peak_days)::int AS peak,
  (SELECT count(*) FROM calendar_years)::int AS years, (SELECT count(*) FROM calendar_days)::int AS days, (SELECT count(*) FROM divisions)::int AS divisions,
  (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_actions)::int AS actions`.execute(app.db)
  ).rows[0]!;

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  for (const u of ['sysadmin', 'township', 'community', 'clerk', 'approver'] as const) s[u] = await api.login(u);
  const community = await actorNamed(app, 'community');
  fx.village = community.divisionCode;
  fx.person = (await personIn(app, community.divisionCode)).id;
  fx.centre = (
    await app.db.selectFrom('departments').select('id').where('code', '=', '140882-BM1').executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

/** Each route with the date put where it belongs: who calls, how, and which field the answer must name. */
const ROUTES: Array<{
  name: string;
  who: keyof typeof s;
  field: RegExp;
  send: (who: Session, d: string) => ReturnType<ApiClient['call']>;
}> = [
  {
    name: 'POST /assistance/rules',
    who: 'sysadmin',
    field: /effectiveFrom/,
    send: (who, d) =>
      api.call(who, 'POST', '/api/v1/assistance/rules', { ...demoAllowanceRules('140882')[0], effectiveFrom: d }),
  },
  {
    name: 'POST /care/beneficiaries',
    who: 'township',
    field: /since/,
    send: (who, d) =>
      api.call(who, 'POST', '/api/v1/care/beneficiaries', { personId: fx.person, category: 'martyrFamily', since: d }),
  },
  {
    name: 'POST /assistance/work-records',
    who: 'township',
    field: /onDate/,
    send: (who, d) =>
      api.call(who, 'POST', '/api/v1/assistance/work-records', {
        personId: fx.person,
        kind: 'publicWelfareLabour',
        onDate: d,
        hours: 4,
        notes: '清扫村道',
      }),
  },
  {
    name: 'POST /centre/peak-days',
    who: 'sysadmin',
    field: /day/,
    send: (who, d) =>
      api.call(who, 'POST', '/api/v1/centre/peak-days', {
        departmentId: fx.centre,
        day: d,
        extraCapacity: 2,
        reason: '高峰',
      }),
  },
  {
    name: 'POST /calendar/years',
    who: 'sysadmin',
    field: /daysOff/,
    send: (who, d) =>
      api.call(who, 'POST', '/api/v1/calendar/years', {
        year: Number(d.slice(0, 4)),
        notice: { title: '国务院办公厅关于部分节假日安排的通知' },
        festivals: [{ name: '春节', daysOff: [d], makeUpWorkdays: [] }],
      }),
  },
  {
    name: 'POST /divisions',
    who: 'sysadmin',
    field: /validFrom/,
    send: (who, d) =>
      api.call(who, 'POST', '/api/v1/divisions', {
        code: `${fx.village.slice(0, 9)}998`,
        name: '日期测试村',
        parentCode: `${fx.village.slice(0, 9)}000`,
        validFrom: d,
      }),
  },
  {
    name: 'POST /divisions/merge',
    who: 'sysadmin',
    field: /effective/,
    send: (who, d) =>
      api.call(who, 'POST', '/api/v1/divisions/merge', {
        fromCode: `${fx.village.slice(0, 9)}001`,
        intoCode: `${fx.village.slice(0, 9)}002`,
        effective: d,
      }),
  },
  {
    name: 'GET /cases?openedFrom',
    who: 'clerk',
    field: /openedFrom/,
    send: (who, d) => api.call(who, 'GET', `/api/v1/cases?list=all&openedFrom=${d}`),
  },
  {
    name: 'GET /cases?openedTo',
    who: 'clerk',
    field: /openedTo/,
    send: (who, d) => api.call(who, 'GET', `/api/v1/cases?list=all&openedTo=${d}`),
  },
  {
    name: 'GET /assistance/rules/in-force?on',
    who: 'clerk',
    field: /on$/,
    send: (who, d) =>
      api.call(
        who,
        'GET',
        `/api/v1/assistance/rules/in-force?programme=urbanMinimumAllowance&divisionCode=140882&on=${d}`,
      ),
  },
  {
    name: 'GET /care/visit-tasks?month',
    who: 'township',
    field: /month/,
    send: (who, d) =>
      api.call(who, 'GET', `/api/v1/care/visit-tasks?month=${d.slice(0, 5)}${d.slice(5, 7) === '02' ? '00' : '13'}`),
  },
];

describe('impossible calendar dates', () => {
  for (const route of ROUTES) {
    it(`${route.name}: 400 naming the field, in both languages, nothing stored`, async () => {
      for (const d of BAD_DATES) {
        const before = await written();
        const res = await route.send(s[route.who], d);
        expect(res.statusCode, `${d} → ${res.body.slice(0, 300)}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        const p = res.json();
        expect(p.field, res.body).toMatch(route.field);
        expect(p.message).toMatch(/[\u4e00-\u9fff]/);
        expect(p.messageEn).toMatch(/date|month/i);
        expect(p.messageEn, 'the English message is English').not.toMatch(/[\u4e00-\u9fff]/);
        expect(await written()).toEqual(before);
      }
    });
  }

  it('Open311 start_date and end_date: a GeoReport 400 naming the parameter', async () => {
    for (const field of ['start_date', 'end_date']) {
      for (const d of [...BAD_DATES.map((x) => `${x}T00:00:00Z`), ...BAD_DATES, '2026-10-08T25:00:00Z']) {
        const res = await api.call(undefined, 'GET', `/open311/v2/requests.json?${field}=${encodeURIComponent(d)}`);
        expect(res.statusCode, `${field}=${d} → ${res.body.slice(0, 200)}`).toBe(400);
        expect(res.json()).toEqual([{ code: 400, description: expect.stringContaining(field) }]);
      }
    }
    expect(
      (await api.call(undefined, 'GET', '/open311/v2/requests.json?start_date=2026-10-01T00:00:00%2B08:00')).statusCode,
    ).toBe(200);
  });

  it('the 低保 investigation refuses a home visit dated 2026-02-30 and stores nothing', async () => {
    const h = await householdOf(app, fx.village, 2);
    const opened = await api.call(s.community, 'POST', '/api/v1/cases', {
      typeCode: 'minimum_allowance',
      title: '低保申请',
      subject: { type: 'household', id: h.id },
      fields: {
        programme: 'urbanMinimumAllowance',
        applicant: '王建国',
        applicantRole: 'head',
        reason: '配偶长期患病，家庭收入低于当地标准',
      },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().case.id as string;
    const accepted = await api.call(s.community, 'POST', `/api/v1/cases/${id}/actions/accept`, { expectedVersion: 1 });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const photo = (await app.files.put(app.db, PHOTO)).hash;
    const good = investigationFor(h.memberIds);
    for (const d of BAD_DATES) {
      const before = await written();
      const res = await api.call(s.community, 'POST', `/api/v1/cases/${id}/actions/investigate`, {
        expectedVersion: 2,
        fields: { investigation: { ...good, homeVisit: { ...good.homeVisit, date: d } } },
        attachments: [photo],
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().field).toBe('fields.investigation.homeVisit.date');
      expect(await written()).toEqual(before);
    }
    const bad = await app.db
      .selectFrom('case_actions')
      .select('seq')
      .where('case_id', '=', id)
      .where(sql<boolean>`inputs::text LIKE '%2026-02-30%'`)
      .execute();
    expect(bad).toEqual([]);
  });
});
