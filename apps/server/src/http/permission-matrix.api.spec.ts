import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../test/api-client.ts';
import { actorNamed, personIn, testApp } from '../../test/helpers.ts';
import type { App } from '../compose.ts';
import { enrolForTest } from '../modules/assistance/assistance.testkit.ts';
import { assistanceMatrixRows } from './permission-matrix.assistance.ts';
import { CENTRE_PUBLIC_ROUTES, centreMatrixRows } from './permission-matrix.centre.ts';
import { outsideMatrixRows } from './permission-matrix.outside.ts';
import { personMatrixRows } from './permission-matrix.persons.ts';
import {
  explainingPermissions,
  NO_OUTSIDE_PROBE,
  NOT_ONE_PERMISSION,
  OUTSIDE_API_PUBLIC,
} from './permission-matrix.routes.ts';
import { DEMO_USERS } from '../demo/demo.seed.ts';

/**
 * Every role × own / other division × every kind of endpoint, through the real HTTP stack. The
 * second township's clerk, the first centre's head and the hotline operator are tested apart.
 * "own" records lie in the first township (the clerk's, containing the community worker's village);
 * "other" records in the second township.
 */
type Role = (typeof DEMO_USERS)[number]['username'];
const ROLES = DEMO_USERS.map((u) => u.username).filter(
  (u) => u !== 'clerk2' && u !== 'centrehead' && u !== 'operator',
) as Role[];

let app: App;
let api: ApiClient;
const sessions = {} as Record<Role, Session>;
const fx = { ownPerson: '', otherPerson: '', communityVillage: '', otherEntitlement: '' };
const ZERO = '00000000-0000-0000-0000-000000000000';

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  for (const u of [...ROLES, 'clerk2' as Role]) sessions[u] = await api.login(u);
  const community = await actorNamed(app, 'community');
  const clerk2 = await actorNamed(app, 'clerk2');
  fx.communityVillage = community.divisionCode;
  fx.ownPerson = (await personIn(app, community.divisionCode)).id;
  fx.otherPerson = (await personIn(app, clerk2.divisionCode.slice(0, 9))).id;
  const otherHousehold = await app.db
    .selectFrom('households')
    .select(['id', 'division_code'])
    .where('division_code', 'like', `${clerk2.divisionCode.slice(0, 9)}%`)
    .orderBy('number')
    .executeTakeFirstOrThrow();
  fx.otherEntitlement = (
    await enrolForTest(app, [{ id: otherHousehold.id, divisionCode: otherHousehold.division_code, amountFen: 50_000 }])
  )[0]!.id;
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

async function personDivision(id: string) {
  return (await app.db.selectFrom('persons').select('division_code').where('id', '=', id).executeTakeFirstOrThrow())
    .division_code;
}

async function openAs(username: 'clerk' | 'clerk2', personId: string) {
  const res = await api.call(sessions[username], 'POST', '/api/v1/cases', {
    typeCode: 'service_application',
    title: '矩阵',
    subject: { type: 'person', id: personId },
    fields: { item: 'x' },
  });
  expect(res.statusCode).toBe(201);
  return res.json().case.id as string;
}

/** A CSV with only its heading row, as a multipart upload: enough to reach the permission check. */
async function uploadHeaderOnlyCsv(s: Session, url: string) {
  const boundary = '----m';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n公民身份号码,姓名,所属村社区代码\r\n--${boundary}--\r\n`;
  return (await api.call(s, 'POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` }))
    .statusCode;
}

const S = (ok: number, rest: number, allowed: Role[]) =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? ok : rest])) as Record<Role, number>;
const override = (base: Record<Role, number>, changes: Partial<Record<Role, number>>) => ({ ...base, ...changes });

describe('permission matrix', () => {
  const matrix: Array<{
    endpoint: string;
    side: 'own' | 'other';
    run: (s: Session, role: Role) => Promise<number>;
    expected: Record<Role, number>;
  }> = [
    {
      endpoint: 'GET /cases/:id',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', `/api/v1/cases/${await openAs('clerk', fx.ownPerson)}`)).statusCode,
      expected: override(S(200, 404, ['clerk', 'community', 'supervisor', 'township', 'approver']), {
        registrar: 403,
        sysadmin: 403,
        secadmin: 403,
        auditor: 403,
        payer: 403,
      }),
    },
    {
      endpoint: 'GET /cases/:id',
      side: 'other',
      run: async (s) =>
        (await api.call(s, 'GET', `/api/v1/cases/${await openAs('clerk2', fx.otherPerson)}`)).statusCode,
      expected: override(S(200, 404, ['supervisor', 'approver']), {
        registrar: 403,
        sysadmin: 403,
        secadmin: 403,
        auditor: 403,
        payer: 403,
      }),
    },
    {
      endpoint: 'POST /cases/:id/actions/:action (accept)',
      side: 'own',
      run: async (s) =>
        (
          await api.call(s, 'POST', `/api/v1/cases/${await openAs('clerk', fx.ownPerson)}/actions/accept`, {
            expectedVersion: 1,
          })
        ).statusCode,
      expected: override(S(200, 404, ['clerk', 'community']), { supervisor: 403, township: 403, approver: 403 }),
    },
    {
      endpoint: 'POST /cases/:id/actions/:action (accept)',
      side: 'other',
      run: async (s) =>
        (
          await api.call(s, 'POST', `/api/v1/cases/${await openAs('clerk2', fx.otherPerson)}/actions/accept`, {
            expectedVersion: 1,
          })
        ).statusCode,
      expected: override(S(200, 404, []), { supervisor: 403, approver: 403 }),
    },
    {
      endpoint: 'POST /cases',
      side: 'own',
      run: async (s) =>
        (
          await api.call(s, 'POST', '/api/v1/cases', {
            typeCode: 'service_application',
            title: '矩阵',
            subject: { type: 'person', id: fx.ownPerson },
            fields: { item: 'x' },
          })
        ).statusCode,
      expected: S(201, 403, ['clerk', 'community']),
    },
    {
      endpoint: 'POST /cases',
      side: 'other',
      run: async (s) =>
        (
          await api.call(s, 'POST', '/api/v1/cases', {
            typeCode: 'service_application',
            title: '矩阵',
            subject: { type: 'person', id: fx.otherPerson },
            fields: { item: 'x' },
          })
        ).statusCode,
      expected: override(S(201, 403, []), { clerk: 400, community: 400 }),
    },
    {
      endpoint: 'GET /audit',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/audit?limit=5')).statusCode,
      expected: S(200, 403, ['auditor']),
    },
    {
      endpoint: 'POST /users',
      side: 'own',
      run: async (s, role) =>
        (
          await api.call(s, 'POST', '/api/v1/users', {
            username: `u_${role}`,
            displayName: '测试',
            departmentCode: '140882-MZJ',
            password: 'Matrix#2026pass',
            roles: [],
          })
        ).statusCode,
      expected: S(201, 403, ['secadmin']),
    },
    {
      endpoint: 'POST /users/:id/roles',
      side: 'own',
      run: async (s) => {
        const u = await app.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'clerk2')
          .executeTakeFirstOrThrow();
        return (await api.call(s, 'POST', `/api/v1/users/${u.id}/roles`, { role: 'reviewer', scope: 'department' }))
          .statusCode;
      },
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'GET /security/alerts',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/security/alerts?limit=5')).statusCode,
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'DELETE /users/:id/roles/:role',
      side: 'own',
      run: async (s) => {
        const u = await app.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'clerk2')
          .executeTakeFirstOrThrow();
        await app.users.grant(undefined, u.id, 'reviewer', 'department');
        return (await api.call(s, 'DELETE', `/api/v1/users/${u.id}/roles/reviewer`)).statusCode;
      },
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'POST /divisions',
      side: 'own',
      run: async (s, role) =>
        (
          await api.call(s, 'POST', '/api/v1/divisions', {
            code: `${fx.communityVillage.slice(0, 9)}${String(900 + ROLES.indexOf(role))}`,
            name: `矩阵${role}村`,
            parentCode: `${fx.communityVillage.slice(0, 9)}000`,
          })
        ).statusCode,
      expected: S(201, 403, ['sysadmin']),
    },
    {
      endpoint: 'GET /cases/export',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/cases/export?list=all&format=csv')).statusCode,
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'POST /calendar/years',
      side: 'own',
      run: async (s) =>
        (
          await api.call(s, 'POST', '/api/v1/calendar/years', {
            year: 2026,
            notice: { title: '国务院办公厅关于2026年部分节假日安排的通知' },
            festivals: [{ name: '国庆节', daysOff: ['2026-10-01'], makeUpWorkdays: [] }],
          })
        ).statusCode,
      expected: S(200, 403, ['sysadmin']),
    },
    {
      endpoint: 'GET /audit/verify',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/audit/verify')).statusCode,
      expected: S(200, 403, ['auditor']),
    },
    {
      endpoint: 'POST /divisions/merge',
      side: 'own',
      run: async (s) =>
        (
          await api.call(s, 'POST', '/api/v1/divisions/merge', {
            fromCode: '000000000000',
            intoCode: '000000000001',
            effective: '2026-01-01',
          })
        ).statusCode,
      expected: S(404, 403, ['sysadmin']),
    },
    {
      endpoint: 'POST /divisions/split',
      side: 'own',
      run: async (s) =>
        (
          await api.call(s, 'POST', '/api/v1/divisions/split', {
            fromCode: '000000000000',
            newCode: '000000000001',
            newName: '新',
            childCodes: ['000000000002'],
            effective: '2026-01-01',
          })
        ).statusCode,
      expected: S(404, 403, ['sysadmin']),
    },
    {
      endpoint: 'POST /assistance/rules',
      side: 'own',
      // an invalid body: the permission is checked first, so only the system administrator reaches validation
      run: async (s) =>
        (await api.call(s, 'POST', '/api/v1/assistance/rules', { programme: 'urbanMinimumAllowance' })).statusCode,
      expected: S(400, 403, ['sysadmin']),
    },
    {
      endpoint: 'GET /assistance/rules/in-force',
      side: 'own',
      run: async (s) =>
        (
          await api.call(
            s,
            'GET',
            '/api/v1/assistance/rules/in-force?programme=urbanMinimumAllowance&divisionCode=140882&on=2026-09-30',
          )
        ).statusCode,
      // the demo county's rule versions are in the template: whoever reads cases reads the standard
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'POST /households',
      side: 'other',
      run: async (s, role) =>
        (
          await api.call(s, 'POST', '/api/v1/households', {
            number: `M-${role}`,
            divisionCode: await personDivision(fx.otherPerson),
            address: 'x',
            members: [{ personId: fx.otherPerson, relation: 'head' }],
          })
        ).statusCode,
      // the registrar passes the jurisdiction check and meets the business rule (the person already has a household)
      expected: override(S(201, 403, []), { clerk: 400, community: 400, township: 400, registrar: 409 }),
    },
    {
      endpoint: 'GET /notifications',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/notifications')).statusCode,
      expected: S(200, 200, []),
    },
    {
      endpoint: 'GET /cases',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/cases?list=all')).statusCode,
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'GET /documents/:id/pdf',
      side: 'other',
      run: async (s) => {
        const id = await openAs('clerk2', fx.otherPerson);
        const doc = (
          await api.call(sessions.clerk2, 'POST', `/api/v1/cases/${id}/actions/accept`, { expectedVersion: 1 })
        ).json().documents[0].id;
        return (await api.call(s, 'GET', `/api/v1/documents/${doc}/pdf`)).statusCode;
      },
      expected: override(S(200, 404, ['supervisor', 'approver']), {
        registrar: 403,
        sysadmin: 403,
        secadmin: 403,
        auditor: 403,
        payer: 403,
      }),
    },
    {
      endpoint: 'GET /persons',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/persons?name=%E7%8E%8B')).statusCode,
      expected: S(200, 403, ['clerk', 'community', 'reviewer', 'head', 'registrar', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'POST /persons',
      side: 'other',
      run: async (s) =>
        (
          await api.call(s, 'POST', '/api/v1/persons', {
            idNumber: '11010519491231002X',
            name: '测试',
            divisionCode: await personDivision(fx.otherPerson),
          })
        ).statusCode,
      expected: override(S(201, 403, ['registrar']), { clerk: 400, community: 400, township: 400 }),
    },
    {
      endpoint: 'GET /households/:number',
      side: 'other',
      run: async (s) => {
        const hh = await app.db
          .selectFrom('household_members as m')
          .innerJoin('households as h', 'h.id', 'm.household_id')
          .select('h.number')
          .where('m.person_id', '=', fx.otherPerson)
          .executeTakeFirstOrThrow();
        return (await api.call(s, 'GET', `/api/v1/households/${hh.number}`)).statusCode;
      },
      expected: override(S(200, 403, ['reviewer', 'head', 'registrar', 'approver', 'payer']), {
        clerk: 404,
        community: 404,
        township: 404,
      }),
    },
    {
      endpoint: 'GET /registry/conflicts',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/registry/conflicts')).statusCode,
      expected: S(200, 403, ['clerk', 'community', 'registrar', 'township']),
    },
    {
      endpoint: 'POST /imports/persons',
      side: 'own',
      run: async (s) => uploadHeaderOnlyCsv(s, '/api/v1/imports/persons'),
      expected: S(201, 403, ['registrar']),
    },
    {
      endpoint: 'POST /imports/persons/preview',
      side: 'own',
      run: async (s) => uploadHeaderOnlyCsv(s, '/api/v1/imports/persons/preview'),
      expected: S(200, 403, ['registrar']),
    },
    {
      endpoint: 'GET /dashboard/cases',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/dashboard/cases')).statusCode,
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'GET /departments/:id/members',
      side: 'own',
      run: async (s) => {
        const me = (await api.call(s, 'GET', '/api/v1/auth/me')).json();
        return (
          await api.call(
            s,
            'GET',
            `/api/v1/departments/${me.departmentId ?? '00000000-0000-0000-0000-000000000000'}/members`,
          )
        ).statusCode;
      },
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'township', 'approver']),
    },
    {
      endpoint: 'GET /departments/:id/members',
      side: 'other',
      run: async (s) =>
        (await api.call(s, 'GET', `/api/v1/departments/${(await actorNamed(app, 'clerk2')).departmentId}/members`))
          .statusCode,
      expected: S(404, 403, ['clerk', 'reviewer', 'head', 'community', 'township', 'approver']),
    },
    {
      endpoint: 'GET /users',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/users')).statusCode,
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'GET /roles',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/roles')).statusCode,
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'GET /imports/:id',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/imports/00000000-0000-0000-0000-000000000000')).statusCode,
      expected: S(404, 403, ['registrar']),
    },
    {
      endpoint: 'GET /imports/:id/errors.csv',
      side: 'own',
      run: async (s) =>
        (await api.call(s, 'GET', '/api/v1/imports/00000000-0000-0000-0000-000000000000/errors.csv')).statusCode,
      expected: S(404, 403, ['registrar']),
    },
    {
      endpoint: 'POST /organisations',
      side: 'own',
      run: async (s, role) =>
        (
          await api.call(s, 'POST', '/api/v1/organisations', {
            name: `矩阵单位${role}`,
            kind: 'enterprise',
            divisionCode: '140882',
          })
        ).statusCode,
      expected: S(201, 403, ['sysadmin']),
    },
    {
      endpoint: 'GET /cases/:id/attachments/:hash',
      side: 'own',
      // a case the readers reach, without that attachment: 404 to readers, 403 to roles that read no cases
      run: async (s) =>
        (await api.call(s, 'GET', `/api/v1/cases/${await openAs('clerk', fx.ownPerson)}/attachments/${'0'.repeat(64)}`))
          .statusCode,
      expected: override(S(404, 404, []), { registrar: 403, sysadmin: 403, secadmin: 403, auditor: 403, payer: 403 }),
    },
    ...personMatrixRows({ live: () => ({ app, api, fx }), S, override, uploadHeaderOnlyCsv }),
    ...assistanceMatrixRows({ live: () => ({ app, api, fx }), S, override, uploadHeaderOnlyCsv }),
    ...centreMatrixRows({ live: () => ({ app, api, fx }), S, override, uploadHeaderOnlyCsv }),
    ...outsideMatrixRows({ live: () => ({ app, api, fx }), S, override, uploadHeaderOnlyCsv }),
    {
      endpoint: 'POST /catalogue/items',
      side: 'own',
      // an invalid body: the permission is checked first, so only the system administrator reaches validation
      run: async (s) => (await api.call(s, 'POST', '/api/v1/catalogue/items', { code: 'MATRIX-1' })).statusCode,
      expected: S(400, 403, ['sysadmin']),
    },
    {
      endpoint: 'PUT /catalogue/items/:code',
      side: 'own',
      run: async (s) =>
        (await api.call(s, 'PUT', '/api/v1/catalogue/items/MATRIX-1?expectedVersion=1', { code: 'MATRIX-1' }))
          .statusCode,
      expected: S(400, 403, ['sysadmin']),
    },
    {
      endpoint: 'POST /catalogue/import',
      side: 'own',
      run: async (s) => uploadHeaderOnlyCsv(s, '/api/v1/catalogue/import'),
      // a file with a heading and no rows imports nothing
      expected: S(200, 403, ['sysadmin']),
    },
  ];

  /** Routes every signed-in member of staff may use, and routes open to the public. */
  const ANY_STAFF = [
    'GET /auth/me',
    'POST /auth/logout',
    'POST /auth/totp/begin',
    'POST /auth/totp/confirm',
    'GET /calendar/add-days',
    'GET /calendar/days/:date',
    'GET /case-types',
    'GET /departments',
    'GET /divisions/:code/children',
    'GET /organisations',
    'POST /attachments',
    'GET /calendar/years',
    'GET /divisions/:code/history',
    'POST /auth/password',
    'GET /catalogue/export',
  ];
  const PUBLIC = [
    'POST /auth/login',
    'GET /public/documents/verify/:code',
    'GET /public/cases/track',
    'GET /public/departments',
    'POST /public/resident/code',
    'POST /public/resident/session',
    'GET /public/resident/me',
    'DELETE /public/resident/session',
    'GET /public/assistance/notices',
    'POST /public/assistance/notices/:number/objections',
    'POST /public/assistance/applications',
    'GET /public/assistance/applications',
    'POST /public/care/opinions',
    'GET /public/villages',
    'GET /public/catalogue/items',
    'GET /public/catalogue/items/:code',
    ...CENTRE_PUBLIC_ROUTES,
  ];

  /** Every route and method of the server's route table, API routes without their /api/v1 prefix. */
  const everyRoute = () => [
    ...new Set(
      api.server.routeTable.map(
        (r) => `${r.method} ${r.url.startsWith('/api/v1/') ? r.url.slice('/api/v1'.length) : r.url}`,
      ),
    ),
  ];
  const apiRoutes = () => [
    ...new Set(
      api.server.routeTable
        .filter((r) => r.url.startsWith('/api/v1/'))
        .map((r) => `${r.method} ${r.url.slice('/api/v1'.length)}`),
    ),
  ];
  const rowEndpoints = () => new Set(matrix.map((r) => r.endpoint.split(' (')[0]!));

  it('covers every route and method of the route table, and lists none that does not exist', () => {
    const covered = new Set([...rowEndpoints(), ...ANY_STAFF, ...PUBLIC, ...OUTSIDE_API_PUBLIC]);
    const routes = everyRoute();
    expect(routes.length).toBeGreaterThan(150);
    expect(
      routes.filter((r) => !covered.has(r)),
      'routes with no row and on no list',
    ).toEqual([]);
    const known = new Set(routes);
    expect(
      [
        ...rowEndpoints(),
        ...ANY_STAFF,
        ...PUBLIC,
        ...Object.keys(NOT_ONE_PERMISSION),
        ...Object.keys(NO_OUTSIDE_PROBE),
      ].filter((r) => !known.has(r)),
      'listed but not a route',
    ).toEqual([]);
  });

  it('every API route and method: a staff route answers 401 without a session, a public one never 401 or 403', async () => {
    const fill = (path: string) =>
      path
        .replace(/:date/g, '2026-10-08')
        .replace(/:code|:divisionCode/g, '140882')
        .replace(/:[A-Za-z]+/g, ZERO);
    const wrong: string[] = [];
    for (const route of apiRoutes()) {
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'DELETE', string];
      const res = await api.call(
        undefined,
        method,
        `/api/v1${fill(path)}`,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );
      const isPublic = PUBLIC.includes(route);
      // a resident's own pages answer 401 without her portal session: that is not a staff gate
      const residentGate = isPublic && res.statusCode === 401 && res.json().code !== 'unauthenticated';
      if (isPublic ? [401, 403].includes(res.statusCode) && !residentGate : res.statusCode !== 401)
        wrong.push(`${route} → ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('each row is explained by one permission: every role it lets in holds it (the matrix prints which)', () => {
    const table: string[] = [];
    const unexplained: string[] = [];
    for (const row of matrix) {
      const endpoint = row.endpoint.split(' (')[0]!;
      const permissions = explainingPermissions(row.expected, ROLES);
      if (!permissions.length && !NOT_ONE_PERMISSION[endpoint])
        unexplained.push(
          `${row.endpoint} [${row.side}] lets in ${ROLES.filter((r) => row.expected[r] !== 403).join(', ')}`,
        );
      table.push(
        `${row.endpoint} [${row.side}]: ${permissions.length ? permissions.join(' | ') : `— ${NOT_ONE_PERMISSION[endpoint] ?? '?'}`}`,
      );
    }
    console.log(`permission matrix (${matrix.length} rows):\n${table.join('\n')}`);
    expect(unexplained).toEqual([]);
  });

  it('every route on one record is probed from outside the jurisdiction, or says what stands for that probe', () => {
    const probedOutside = new Set(matrix.filter((r) => r.side === 'other').map((r) => r.endpoint.split(' (')[0]!));
    const recordRoutes = apiRoutes().filter((r) => r.includes('/:') && !PUBLIC.includes(r) && !ANY_STAFF.includes(r));
    expect(recordRoutes.filter((r) => !probedOutside.has(r) && !NO_OUTSIDE_PROBE[r])).toEqual([]);
    // a route probed from outside comes off the list
    expect(Object.keys(NO_OUTSIDE_PROBE).filter((r) => probedOutside.has(r))).toEqual([]);
  });

  it('refuses every staff route without a session, and serves it to any signed-in role', async () => {
    for (const route of ANY_STAFF.filter((r) => r.startsWith('GET'))) {
      const url = `/api/v1${route.split(' ')[1]!.replace(':date', '2026-10-08').replace(':code', '140882')}${route.includes('add-days') ? '?date=2026-09-30&n=5' : ''}`;
      expect((await api.call(undefined, 'GET', url)).statusCode, url).toBe(401);
      for (const role of ROLES)
        expect((await api.call(sessions[role], 'GET', url)).statusCode, `${role} ${url}`).toBe(200);
    }
  });

  for (const row of matrix) {
    it(`${row.endpoint} on ${row.side} records`, async () => {
      const got = {} as Record<Role, number>;
      for (const role of ROLES) got[role] = await row.run(sessions[role], role);
      expect(got).toEqual(row.expected);
    });
  }

  it("work lists contain only cases inside the reader's jurisdiction", async () => {
    await openAs('clerk', fx.ownPerson);
    await openAs('clerk2', fx.otherPerson);
    const clerk = await actorNamed(app, 'clerk');
    const list = async (r: Role) =>
      (await api.call(sessions[r], 'GET', '/api/v1/cases?list=all&limit=200')).json().items as Array<{
        owningDepartmentId: string;
      }>;
    const own = await list('clerk');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((c) => c.owningDepartmentId === clerk.departmentId)).toBe(true);
    const all = await list('supervisor');
    expect(new Set(all.map((c) => c.owningDepartmentId)).size).toBeGreaterThan(1);
    expect((await api.call(sessions.registrar, 'GET', '/api/v1/cases?list=all')).statusCode).toBe(403);
  });

  it("a township clerk cannot export, search, or reach through a document another township's records", async () => {
    const otherId = await openAs('clerk2', fx.otherPerson);
    const other = (
      await api.call(sessions.clerk2, 'POST', `/api/v1/cases/${otherId}/actions/accept`, { expectedVersion: 1 })
    ).json();
    const csv = (await api.call(sessions.clerk, 'GET', '/api/v1/cases/export?list=all&format=csv')).body;
    expect(csv).not.toContain(other.case.number);
    expect((await api.call(sessions.supervisor, 'GET', '/api/v1/cases/export?list=all&format=csv')).body).toContain(
      other.case.number,
    );
    const idNumber = app.cipher.decrypt(
      (
        await app.db
          .selectFrom('persons')
          .select('id_number_enc')
          .where('id', '=', fx.otherPerson)
          .executeTakeFirstOrThrow()
      ).id_number_enc,
    );
    expect((await api.call(sessions.clerk, 'GET', `/api/v1/persons?idNumber=${idNumber}`)).json()).toEqual([]);
    expect((await api.call(sessions.clerk, 'GET', `/api/v1/documents/${other.documents[0].id}/pdf`)).statusCode).toBe(
      404,
    );
    // the public check of a printed document shows what is printed on it, and nothing about the person
    const verified = (
      await api.call(undefined, 'GET', `/api/v1/public/documents/verify/${other.documents[0].verificationCode}`)
    ).json();
    expect(Object.keys(verified).sort()).toEqual([
      'caseNumber',
      'contentHash',
      'issuedAt',
      'issuer',
      'kind',
      'number',
      'title',
    ]);
  });

  it('person search never returns a person outside the jurisdiction', async () => {
    const clerk = await actorNamed(app, 'clerk');
    const found = (await api.call(sessions.clerk, 'GET', '/api/v1/persons?name=%E7%8E%8B&limit=200')).json() as Array<{
      divisionCode: string;
    }>;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.divisionCode.startsWith(clerk.divisionCode.slice(0, 9)))).toBe(true);
  });
});
