import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../test/api-client.ts';
import { actorNamed, personIn, testApp } from '../../test/helpers.ts';
import type { App } from '../compose.ts';
import { enrolForTest } from '../modules/assistance/assistance.testkit.ts';
import { adminMatrixRows } from './permission-matrix.admin.ts';
import { assistanceMatrixRows } from './permission-matrix.assistance.ts';
import { caseMatrixRows } from './permission-matrix.cases.ts';
import { centreMatrixRows } from './permission-matrix.centre.ts';
import { grievanceMatrixRows } from './permission-matrix.grievances.ts';
import { matrixContext, type MatrixFixtures, type MatrixRow, type Role, ROLES, ZERO } from './permission-matrix.kit.ts';
import { outsideMatrixRows } from './permission-matrix.outside.ts';
import { personMatrixRows } from './permission-matrix.persons.ts';
import { registryMatrixRows } from './permission-matrix.registry.ts';
import {
  ANY_STAFF,
  explainingPermissions,
  NO_OUTSIDE_PROBE,
  NOT_ONE_PERMISSION,
  OUTSIDE_API_PUBLIC,
  PUBLIC,
} from './permission-matrix.routes.ts';

/**
 * Every role × own / other division × every kind of endpoint, through the real HTTP stack. The
 * second township's clerk, the first centre's head and the hotline operator are tested apart.
 * "own" records lie in the first township (the clerk's, containing the community worker's village);
 * "other" records in the second township. The rows live in one file per area (permission-matrix.<area>.ts).
 */
let app: App;
let api: ApiClient;
const sessions = {} as Record<Role, Session>;
const fx: MatrixFixtures = { ownPerson: '', otherPerson: '', communityVillage: '', otherEntitlement: '' };
const ctx = matrixContext(() => ({ app, api, fx, sessions }));

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

describe('permission matrix', () => {
  const matrix: MatrixRow[] = [
    ...caseMatrixRows(ctx),
    ...adminMatrixRows(ctx),
    ...registryMatrixRows(ctx),
    ...personMatrixRows(ctx),
    ...assistanceMatrixRows(ctx),
    ...centreMatrixRows(ctx),
    ...grievanceMatrixRows(ctx),
    ...outsideMatrixRows(ctx),
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
    await ctx.openAs('clerk', fx.ownPerson);
    await ctx.openAs('clerk2', fx.otherPerson);
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
    const otherId = await ctx.openAs('clerk2', fx.otherPerson);
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
