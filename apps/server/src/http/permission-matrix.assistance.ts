import type { ApiClient } from '../../test/api-client.ts';
import { actorNamed } from '../../test/helpers.ts';
import { type MatrixContext, type MatrixRow, ZERO } from './permission-matrix.kit.ts';

/** The assistance and care routes (低保, payments, 优抚, 计生, funds): every role × own / other records. */
export function assistanceMatrixRows({ live, S, override, uploadHeaderOnlyCsv }: MatrixContext): MatrixRow[] {
  const api = { call: (...args: Parameters<ApiClient['call']>) => live().api.call(...args) };
  const fx = {
    get otherPerson() {
      return live().fx.otherPerson;
    },
    get otherEntitlement() {
      return live().fx.otherEntitlement;
    },
  };
  let otherBeneficiary: Promise<string> | undefined;
  /** A beneficiary of the second township: one already there, or one registered by the county's approver. */
  const beneficiaryOfOtherTownship = () =>
    (otherBeneficiary ??= (async () => {
      const township = (await actorNamed(live().app, 'clerk2')).divisionCode.slice(0, 9);
      const existing = await live()
        .app.db.selectFrom('care_beneficiaries')
        .select('id')
        .where('division_code', 'like', `${township}%`)
        .orderBy('id')
        .executeTakeFirst();
      if (existing) return existing.id;
      const approver = await live().api.login('approver');
      const res = await live().api.call(approver, 'POST', '/api/v1/care/beneficiaries', {
        personId: fx.otherPerson,
        category: 'returnedIll',
        since: '2020-01-01',
      });
      if (res.statusCode !== 201) throw new Error(`beneficiary of the other township: ${res.statusCode} ${res.body}`);
      return (res.json().id ?? res.json().beneficiary.id) as string;
    })());
  let otherCycle: Promise<string> | undefined;
  /** A draft payment cycle of the second township, written straight to the table (no payment rows, so the other rows see none). */
  const cycleOfOtherTownship = () =>
    (otherCycle ??= (async () => {
      const { app } = live();
      const clerk2 = await actorNamed(app, 'clerk2');
      const payer = await actorNamed(app, 'payer');
      const row = await app.db
        .insertInto('payment_cycles')
        .values({
          number: 'FF-2026-MATRIX',
          programme: 'urbanMinimumAllowance',
          division_code: clerk2.divisionCode,
          period: '2026-12-01',
          payment_count: 0,
          total_fen: 0,
          prepared_by: payer.id,
          prepared_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    })());
  return [
    {
      endpoint: 'GET /assistance/online-applications',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/assistance/online-applications')).statusCode,
      expected: S(200, 403, ['clerk', 'community', 'township']),
    },
    {
      endpoint: 'POST /assistance/online-applications/:id/take-up',
      side: 'own',
      run: async (s) =>
        (await api.call(s, 'POST', `/api/v1/assistance/online-applications/${ZERO}/take-up`)).statusCode,
      expected: S(404, 403, ['clerk', 'community', 'township']),
    },
    {
      endpoint: 'GET /assistance/cases/:id/objections',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', `/api/v1/assistance/cases/${ZERO}/objections`)).statusCode,
      expected: S(200, 403, ['clerk', 'reviewer', 'head', 'community', 'supervisor', 'township', 'approver']),
    },
    {
      endpoint: 'GET /assistance/entitlements',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/assistance/entitlements')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'GET /assistance/entitlements/:id',
      side: 'other',
      run: async (s) => (await api.call(s, 'GET', `/api/v1/assistance/entitlements/${fx.otherEntitlement}`)).statusCode,
      expected: override(S(200, 403, ['approver', 'payer']), { community: 404, township: 404 }),
    },
    {
      endpoint: 'PUT /assistance/entitlements/:id/account',
      side: 'other',
      run: async (s) =>
        (
          await api.call(s, 'PUT', `/api/v1/assistance/entitlements/${fx.otherEntitlement}/account`, {
            bankName: '矩阵银行',
            account: '621700000000000000',
            expectedVersion: 999,
          })
        ).statusCode,
      // inside the approver's county the stale version is the answer; outside the township's, not found
      expected: override(S(409, 403, ['approver']), { township: 404 }),
    },
    {
      endpoint: 'POST /assistance/entitlements/:id/account/verify',
      side: 'other',
      run: async (s) =>
        (
          await api.call(s, 'POST', `/api/v1/assistance/entitlements/${fx.otherEntitlement}/account/verify`, {
            account: '621700000000000000',
            against: 'bankCard',
            expectedVersion: 999,
          })
        ).statusCode,
      expected: override(S(409, 403, ['approver']), { township: 404 }),
    },
    {
      endpoint: 'POST /assistance/entitlements/:id/changes',
      side: 'own',
      run: async (s) =>
        (
          await api.call(s, 'POST', `/api/v1/assistance/entitlements/${ZERO}/changes`, {
            kind: 'suspend',
            reason: '矩阵',
            expectedVersion: 1,
          })
        ).statusCode,
      expected: S(404, 403, ['township', 'approver']),
    },
    {
      endpoint: 'GET /assistance/bank-templates',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/assistance/bank-templates')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'GET /assistance/payment-cycles',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/assistance/payment-cycles')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'POST /assistance/payment-cycles',
      side: 'own',
      run: async (s) =>
        (
          await api.call(s, 'POST', '/api/v1/assistance/payment-cycles', {
            programme: 'urbanMinimumAllowance',
            divisionCode: '000000000000',
            period: '2026-11',
          })
        ).statusCode,
      expected: S(400, 403, ['payer']),
    },
    {
      endpoint: 'GET /assistance/payment-cycles/:id',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', `/api/v1/assistance/payment-cycles/${ZERO}`)).statusCode,
      expected: S(404, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'GET /assistance/payment-cycles/:id',
      side: 'other',
      // a cycle of the second township: the first township's workers do not find it, the county's do
      run: async (s) =>
        (await api.call(s, 'GET', `/api/v1/assistance/payment-cycles/${await cycleOfOtherTownship()}`)).statusCode,
      expected: override(S(200, 403, ['approver', 'payer']), { community: 404, township: 404 }),
    },
    {
      endpoint: 'POST /assistance/payment-cycles/:id/approve',
      side: 'own',
      run: async (s) => (await api.call(s, 'POST', `/api/v1/assistance/payment-cycles/${ZERO}/approve`)).statusCode,
      expected: S(404, 403, ['approver']),
    },
    {
      endpoint: 'POST /assistance/payment-cycles/:id/files',
      side: 'own',
      run: async (s) =>
        (await api.call(s, 'POST', `/api/v1/assistance/payment-cycles/${ZERO}/files`, { template: 'standard' }))
          .statusCode,
      expected: S(404, 403, ['payer']),
    },
    {
      endpoint: 'GET /assistance/payment-files/:id/download',
      side: 'own',
      run: async (s) =>
        (await api.call(s, 'GET', `/api/v1/assistance/payment-files/${ZERO}/download?format=csv`)).statusCode,
      expected: S(404, 403, ['payer']),
    },
    {
      endpoint: 'POST /assistance/payment-files/:id/return',
      side: 'own',
      run: async (s) => uploadHeaderOnlyCsv(s, `/api/v1/assistance/payment-files/${ZERO}/return`),
      expected: S(404, 403, ['payer']),
    },
    {
      endpoint: 'POST /assistance/payments/:id/reissue',
      side: 'own',
      run: async (s) => (await api.call(s, 'POST', '/api/v1/assistance/payments/1/reissue')).statusCode,
      expected: S(404, 403, ['payer']),
    },
    {
      endpoint: 'GET /assistance/programmes',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/assistance/programmes')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'GET /assistance/family-planning/eligible',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/assistance/family-planning/eligible')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'POST /assistance/family-planning/enrol',
      side: 'own',
      run: async (s) =>
        (await api.call(s, 'POST', '/api/v1/assistance/family-planning/enrol', { personIds: [] })).statusCode,
      // an empty choice: those who may enrol are told to choose someone
      expected: S(400, 403, ['township', 'approver']),
    },
    {
      endpoint: 'GET /care/beneficiaries',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/care/beneficiaries')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'POST /care/beneficiaries',
      side: 'other',
      run: async (s) =>
        (
          await api.call(s, 'POST', '/api/v1/care/beneficiaries', {
            personId: fx.otherPerson,
            category: 'demobilised',
            since: '2020-01-01',
          })
        ).statusCode,
      // the county's approver reaches the other township's person; the township's worker does not
      expected: override(S(201, 403, ['approver']), { township: 400 }),
    },
    {
      endpoint: 'GET /care/beneficiaries/:id',
      side: 'other',
      // a beneficiary of the second township (registered by the county's approver): not found by the first township's workers
      run: async (s) =>
        (await api.call(s, 'GET', `/api/v1/care/beneficiaries/${await beneficiaryOfOtherTownship()}`)).statusCode,
      expected: override(S(200, 403, ['approver', 'payer']), { community: 404, township: 404 }),
    },
    {
      endpoint: 'POST /care/beneficiaries/:id/records',
      side: 'other',
      run: async (s) =>
        (
          await api.call(s, 'POST', `/api/v1/care/beneficiaries/${await beneficiaryOfOtherTownship()}/records`, {
            kind: 'visit',
            onDate: '2026-10-01',
            notes: '矩阵走访',
          })
        ).statusCode,
      expected: override(S(201, 403, ['approver']), { community: 404, township: 404 }),
    },
    {
      endpoint: 'GET /care/beneficiaries/:id',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', `/api/v1/care/beneficiaries/${ZERO}`)).statusCode,
      expected: S(404, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'POST /care/beneficiaries/:id/records',
      side: 'own',
      run: async (s) =>
        (
          await api.call(s, 'POST', `/api/v1/care/beneficiaries/${ZERO}/records`, {
            kind: 'visit',
            onDate: '2026-09-01',
            notes: '矩阵走访',
          })
        ).statusCode,
      expected: S(404, 403, ['community', 'township', 'approver']),
    },
    {
      endpoint: 'POST /care/beneficiaries/:id/pairings',
      side: 'own',
      run: async (s) =>
        (
          await api.call(s, 'POST', `/api/v1/care/beneficiaries/${ZERO}/pairings`, {
            cadreId: ZERO,
            plan: { time: 't', content: 'c', plan: 'p', goal: 'g', effect: 'e' },
          })
        ).statusCode,
      expected: S(404, 403, ['township', 'approver']),
    },
    {
      endpoint: 'GET /care/visit-tasks',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/care/visit-tasks?month=2026-09')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver']),
    },
    {
      endpoint: 'POST /care/visit-tasks',
      side: 'own',
      run: async (s) => (await api.call(s, 'POST', '/api/v1/care/visit-tasks', { month: '2026-09' })).statusCode,
      expected: S(200, 403, ['township', 'approver']),
    },
    {
      endpoint: 'GET /care/opinions',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/care/opinions')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver']),
    },
    {
      endpoint: 'PUT /assistance/budgets',
      side: 'other',
      run: async (s) =>
        (
          await api.call(s, 'PUT', '/api/v1/assistance/budgets', {
            programme: 'urbanMinimumAllowance',
            divisionCode: (await actorNamed(live().app, 'clerk2')).divisionCode,
            year: 2026,
            budgetFen: 1,
            basis: '矩阵',
          })
        ).statusCode,
      // the second township lies in the county's approver's reach, not in the first township's worker's
      expected: override(S(200, 403, ['approver']), { township: 400 }),
    },
    {
      endpoint: 'GET /assistance/funds',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/assistance/funds?year=2026')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'GET /assistance/reports/payments',
      side: 'own',
      run: async (s) =>
        (await api.call(s, 'GET', '/api/v1/assistance/reports/payments?year=2026&format=xlsx')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'GET /assistance/work-records',
      side: 'own',
      run: async (s) => (await api.call(s, 'GET', '/api/v1/assistance/work-records?kind=employment')).statusCode,
      expected: S(200, 403, ['community', 'township', 'approver', 'payer']),
    },
    {
      endpoint: 'POST /assistance/work-records',
      side: 'other',
      run: async (s) =>
        (
          await api.call(s, 'POST', '/api/v1/assistance/work-records', {
            personId: fx.otherPerson,
            kind: 'publicWelfareLabour',
            onDate: '2026-09-01',
            hours: 4,
            notes: '矩阵：清扫村道',
          })
        ).statusCode,
      // the county's approver reaches the other township; its community worker and township worker do not
      expected: override(S(201, 403, ['approver']), { community: 400, township: 400 }),
    },
  ];
}
