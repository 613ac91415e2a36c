import type { ApiClient } from '../../test/api-client.ts';
import type { MatrixContext, MatrixRow } from './permission-matrix.kit.ts';

/** Roles that read no cases: a case route refuses them (403) before looking for the case. */
const NO_CASES = { registrar: 403, sysadmin: 403, secadmin: 403, auditor: 403, payer: 403 };

/** The case engine's routes (cases, their actions, documents, attachments, lists, export): own and other township. */
export function caseMatrixRows({ live, S, override, openAs }: MatrixContext): MatrixRow[] {
  const call = (...args: Parameters<ApiClient['call']>) => live().api.call(...args);
  const openCase = (side: 'own' | 'other') =>
    side === 'own' ? openAs('clerk', live().fx.ownPerson) : openAs('clerk2', live().fx.otherPerson);
  const newApplication = (personId: string) => ({
    typeCode: 'service_application',
    title: '矩阵',
    subject: { type: 'person', id: personId },
    fields: { item: 'x' },
  });
  return [
    {
      endpoint: 'GET /cases/:id',
      side: 'own',
      run: async (s) => (await call(s, 'GET', `/api/v1/cases/${await openCase('own')}`)).statusCode,
      expected: override(S(200, 404, ['clerk', 'community', 'supervisor', 'township', 'approver']), NO_CASES),
    },
    {
      endpoint: 'GET /cases/:id',
      side: 'other',
      run: async (s) => (await call(s, 'GET', `/api/v1/cases/${await openCase('other')}`)).statusCode,
      expected: override(S(200, 404, ['supervisor', 'approver']), NO_CASES),
    },
    {
      endpoint: 'POST /cases/:id/actions/:action (accept)',
      side: 'own',
      run: async (s) =>
        (await call(s, 'POST', `/api/v1/cases/${await openCase('own')}/actions/accept`, { expectedVersion: 1 }))
          .statusCode,
      expected: override(S(200, 404, ['clerk', 'community']), { supervisor: 403, township: 403, approver: 403 }),
    },
    {
      endpoint: 'POST /cases/:id/actions/:action (accept)',
      side: 'other',
      run: async (s) =>
        (await call(s, 'POST', `/api/v1/cases/${await openCase('other')}/actions/accept`, { expectedVersion: 1 }))
          .statusCode,
      expected: override(S(200, 404, []), { supervisor: 403, approver: 403 }),
    },
    {
      endpoint: 'POST /cases',
      side: 'own',
      run: async (s) => (await call(s, 'POST', '/api/v1/cases', newApplication(live().fx.ownPerson))).statusCode,
      expected: S(201, 403, ['clerk', 'community']),
    },
    {
      endpoint: 'POST /cases',
      side: 'other',
      run: async (s) => (await call(s, 'POST', '/api/v1/cases', newApplication(live().fx.otherPerson))).statusCode,
      expected: override(S(201, 403, []), { clerk: 400, community: 400 }),
    },
    {
      endpoint: 'GET /cases/export',
      side: 'own',
      run: async (s) => (await call(s, 'GET', '/api/v1/cases/export?list=all&format=csv')).statusCode,
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'GET /notifications',
      side: 'own',
      run: async (s) => (await call(s, 'GET', '/api/v1/notifications')).statusCode,
      expected: S(200, 200, []),
    },
    {
      endpoint: 'GET /cases',
      side: 'own',
      run: async (s) => (await call(s, 'GET', '/api/v1/cases?list=all')).statusCode,
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'GET /documents/:id/pdf',
      side: 'other',
      run: async (s) => {
        const id = await openCase('other');
        const doc = (
          await call(live().sessions.clerk2, 'POST', `/api/v1/cases/${id}/actions/accept`, { expectedVersion: 1 })
        ).json().documents[0].id;
        return (await call(s, 'GET', `/api/v1/documents/${doc}/pdf`)).statusCode;
      },
      expected: override(S(200, 404, ['supervisor', 'approver']), NO_CASES),
    },
    {
      endpoint: 'GET /dashboard/cases',
      side: 'own',
      run: async (s) => (await call(s, 'GET', '/api/v1/dashboard/cases')).statusCode,
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'GET /cases/:id/attachments/:hash',
      side: 'own',
      // a case the readers reach, without that attachment: 404 to readers, 403 to roles that read no cases
      run: async (s) =>
        (await call(s, 'GET', `/api/v1/cases/${await openCase('own')}/attachments/${'0'.repeat(64)}`)).statusCode,
      expected: override(S(404, 404, []), NO_CASES),
    },
  ];
}
