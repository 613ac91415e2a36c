import type { ApiClient } from '../../test/api-client.ts';
import { type MatrixContext, type MatrixRow, ZERO } from './permission-matrix.kit.ts';

/** The population registry: households, person search and registration, conflicts and bulk imports. */
export function registryMatrixRows({ live, S, override, uploadHeaderOnlyCsv }: MatrixContext): MatrixRow[] {
  const call = (...args: Parameters<ApiClient['call']>) => live().api.call(...args);
  const divisionOf = async (personId: string) =>
    (
      await live()
        .app.db.selectFrom('persons')
        .select('division_code')
        .where('id', '=', personId)
        .executeTakeFirstOrThrow()
    ).division_code;
  return [
    {
      endpoint: 'POST /households',
      side: 'other',
      run: async (s, role) =>
        (
          await call(s, 'POST', '/api/v1/households', {
            number: `M-${role}`,
            divisionCode: await divisionOf(live().fx.otherPerson),
            address: 'x',
            members: [{ personId: live().fx.otherPerson, relation: 'head' }],
          })
        ).statusCode,
      // the registrar passes the jurisdiction check and meets the business rule (the person already has a household)
      expected: override(S(201, 403, []), { clerk: 400, community: 400, township: 400, registrar: 409 }),
    },
    {
      endpoint: 'GET /persons',
      side: 'own',
      run: async (s) => (await call(s, 'GET', '/api/v1/persons?name=%E7%8E%8B')).statusCode,
      expected: S(200, 403, ['clerk', 'community', 'reviewer', 'head', 'registrar', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'POST /persons',
      side: 'other',
      run: async (s) =>
        (
          await call(s, 'POST', '/api/v1/persons', {
            idNumber: '11010519491231002X',
            name: '测试',
            divisionCode: await divisionOf(live().fx.otherPerson),
          })
        ).statusCode,
      expected: override(S(201, 403, ['registrar']), { clerk: 400, community: 400, township: 400 }),
    },
    {
      endpoint: 'GET /households/:number',
      side: 'other',
      run: async (s) => {
        const hh = await live()
          .app.db.selectFrom('household_members as m')
          .innerJoin('households as h', 'h.id', 'm.household_id')
          .select('h.number')
          .where('m.person_id', '=', live().fx.otherPerson)
          .executeTakeFirstOrThrow();
        return (await call(s, 'GET', `/api/v1/households/${hh.number}`)).statusCode;
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
      run: async (s) => (await call(s, 'GET', '/api/v1/registry/conflicts')).statusCode,
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
      endpoint: 'GET /imports/:id',
      side: 'own',
      run: async (s) => (await call(s, 'GET', `/api/v1/imports/${ZERO}`)).statusCode,
      expected: S(404, 403, ['registrar']),
    },
    {
      endpoint: 'GET /imports/:id/errors.csv',
      side: 'own',
      run: async (s) => (await call(s, 'GET', `/api/v1/imports/${ZERO}/errors.csv`)).statusCode,
      expected: S(404, 403, ['registrar']),
    },
  ];
}
