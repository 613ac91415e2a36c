import type { ApiClient } from '../../test/api-client.ts';
import { actorNamed } from '../../test/helpers.ts';
import { type MatrixContext, type MatrixRow, ROLES, ZERO } from './permission-matrix.kit.ts';

/**
 * Administration: accounts and roles (security administrator), audit (auditor), divisions, calendar,
 * organisations, assistance rules and the service catalogue (system administrator), department members.
 */
export function adminMatrixRows({ live, S, uploadHeaderOnlyCsv }: MatrixContext): MatrixRow[] {
  const call = (...args: Parameters<ApiClient['call']>) => live().api.call(...args);
  const clerk2Id = async () =>
    (await live().app.db.selectFrom('users').select('id').where('username', '=', 'clerk2').executeTakeFirstOrThrow())
      .id;
  return [
    {
      endpoint: 'GET /audit',
      side: 'own',
      run: async (s) => (await call(s, 'GET', '/api/v1/audit?limit=5')).statusCode,
      expected: S(200, 403, ['auditor']),
    },
    {
      endpoint: 'POST /users',
      side: 'own',
      run: async (s, role) =>
        (
          await call(s, 'POST', '/api/v1/users', {
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
      run: async (s) =>
        (await call(s, 'POST', `/api/v1/users/${await clerk2Id()}/roles`, { role: 'reviewer', scope: 'department' }))
          .statusCode,
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'GET /security/alerts',
      side: 'own',
      run: async (s) => (await call(s, 'GET', '/api/v1/security/alerts?limit=5')).statusCode,
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'DELETE /users/:id/roles/:role',
      side: 'own',
      run: async (s) => {
        const id = await clerk2Id();
        // granted again before each role's try, so the security administrator always has a grant to revoke
        await live().app.users.grant(undefined, id, 'reviewer', 'department');
        return (await call(s, 'DELETE', `/api/v1/users/${id}/roles/reviewer`)).statusCode;
      },
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'POST /divisions',
      side: 'own',
      run: async (s, role) => {
        const township = live().fx.communityVillage.slice(0, 9);
        return (
          await call(s, 'POST', '/api/v1/divisions', {
            code: `${township}${String(900 + ROLES.indexOf(role))}`,
            name: `矩阵${role}村`,
            parentCode: `${township}000`,
          })
        ).statusCode;
      },
      expected: S(201, 403, ['sysadmin']),
    },
    {
      endpoint: 'POST /calendar/years',
      side: 'own',
      run: async (s) =>
        (
          await call(s, 'POST', '/api/v1/calendar/years', {
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
      run: async (s) => (await call(s, 'GET', '/api/v1/audit/verify')).statusCode,
      expected: S(200, 403, ['auditor']),
    },
    {
      endpoint: 'POST /divisions/merge',
      side: 'own',
      run: async (s) =>
        (
          await call(s, 'POST', '/api/v1/divisions/merge', {
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
          await call(s, 'POST', '/api/v1/divisions/split', {
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
        (await call(s, 'POST', '/api/v1/assistance/rules', { programme: 'urbanMinimumAllowance' })).statusCode,
      expected: S(400, 403, ['sysadmin']),
    },
    {
      endpoint: 'GET /assistance/rules/in-force',
      side: 'own',
      run: async (s) =>
        (
          await call(
            s,
            'GET',
            '/api/v1/assistance/rules/in-force?programme=urbanMinimumAllowance&divisionCode=140882&on=2026-09-30',
          )
        ).statusCode,
      // the demo county's rule versions are in the template: whoever reads cases reads the standard
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'GET /departments/:id/members',
      side: 'own',
      run: async (s) => {
        const me = (await call(s, 'GET', '/api/v1/auth/me')).json();
        return (await call(s, 'GET', `/api/v1/departments/${me.departmentId ?? ZERO}/members`)).statusCode;
      },
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'township', 'approver']),
    },
    {
      endpoint: 'GET /departments/:id/members',
      side: 'other',
      run: async (s) =>
        (await call(s, 'GET', `/api/v1/departments/${(await actorNamed(live().app, 'clerk2')).departmentId}/members`))
          .statusCode,
      expected: S(404, 403, ['clerk', 'reviewer', 'head', 'community', 'township', 'approver']),
    },
    {
      endpoint: 'GET /users',
      side: 'own',
      run: async (s) => (await call(s, 'GET', '/api/v1/users')).statusCode,
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'GET /roles',
      side: 'own',
      run: async (s) => (await call(s, 'GET', '/api/v1/roles')).statusCode,
      expected: S(200, 403, ['secadmin']),
    },
    {
      endpoint: 'POST /organisations',
      side: 'own',
      run: async (s, role) =>
        (
          await call(s, 'POST', '/api/v1/organisations', {
            name: `矩阵单位${role}`,
            kind: 'enterprise',
            divisionCode: '140882',
          })
        ).statusCode,
      expected: S(201, 403, ['sysadmin']),
    },
    {
      endpoint: 'POST /catalogue/items',
      side: 'own',
      // an invalid body: the permission is checked first, so only the system administrator reaches validation
      run: async (s) => (await call(s, 'POST', '/api/v1/catalogue/items', { code: 'MATRIX-1' })).statusCode,
      expected: S(400, 403, ['sysadmin']),
    },
    {
      endpoint: 'PUT /catalogue/items/:code',
      side: 'own',
      run: async (s) =>
        (await call(s, 'PUT', '/api/v1/catalogue/items/MATRIX-1?expectedVersion=1', { code: 'MATRIX-1' })).statusCode,
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
}
