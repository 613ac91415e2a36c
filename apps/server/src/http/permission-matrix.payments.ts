import type { Session } from '../../test/api-client.ts';
import { actorNamed } from '../../test/helpers.ts';
import { DEMO_PASSWORD } from '../demo/demo.seed.ts';
import type { MatrixContext, MatrixRow } from './permission-matrix.kit.ts';
import type { LoginOnce } from './permission-matrix.outside.ts';

/**
 * Payment cycles, bank files and payments of the second township, written straight to the tables: a
 * draft cycle, and an approved one whose bank file was sent with one payment pending. Every role of
 * the matrix holding payment.approve or payment.prepare reaches the whole county, so each row also
 * signs in a payment officer and an approver of the first township's office (scope: its subtree):
 * they do not find the second township's records (404), and nothing changes (issue 15).
 */
export function paymentsOutsideRows({ live, S, uploadHeaderOnlyCsv }: MatrixContext, login: LoginOnce): MatrixRow[] {
  const call = (s: Session, method: 'GET' | 'POST', url: string, body?: unknown) =>
    live().api.call(s, method, url, body);
  let fixture: ReturnType<typeof build> | undefined;
  const records = () => (fixture ??= build());
  async function build() {
    const { app, fx } = live();
    for (const [username, role] of [
      ['payer1', 'payment_officer'],
      ['approver1', 'assistance_approver'],
    ] as const) {
      await app.users.create({
        username,
        displayName: `矩阵${username}`,
        departmentCode: '140882-ZF1',
        password: DEMO_PASSWORD,
        roles: [{ role, scope: 'subtree' }],
      });
    }
    const township = (await actorNamed(app, 'clerk2')).divisionCode;
    const payer = await actorNamed(app, 'payer');
    const approver = await actorNamed(app, 'approver');
    const cycle = (number: string, period: string, status: 'draft' | 'approved', count: number, totalFen: number) =>
      app.db
        .insertInto('payment_cycles')
        .values({
          number,
          programme: 'urbanMinimumAllowance',
          division_code: township,
          period,
          status,
          payment_count: count,
          total_fen: totalFen,
          prepared_by: payer.id,
          prepared_at: new Date(),
          ...(status === 'approved' ? { approved_by: approver.id, approved_at: new Date() } : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const draft = await cycle('FF-2027-MATRIX-D', '2027-01-01', 'draft', 0, 0);
    const approved = await cycle('FF-2027-MATRIX-A', '2027-02-01', 'approved', 1, 50_000);
    const file = await app.db
      .insertInto('payment_files')
      .values({
        cycle_id: approved.id,
        seq: 1,
        bank_template: 'standard',
        payment_count: 1,
        total_fen: 50_000,
        exported_by: payer.id,
        exported_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const e = await app.db
      .selectFrom('assistance_entitlements')
      .select(['id', 'household_id', 'beneficiary_id', 'payee_name'])
      .where('id', '=', fx.otherEntitlement)
      .executeTakeFirstOrThrow();
    const payment = await app.db
      .insertInto('payments')
      .values({
        cycle_id: approved.id,
        file_id: file.id,
        entitlement_id: e.id,
        household_id: e.household_id,
        beneficiary_id: e.beneficiary_id,
        programme: 'urbanMinimumAllowance',
        period: '2027-02-01',
        amount_fen: 50_000,
        reference: 'FF-2027-MATRIX-A-0001',
        payee_name: e.payee_name,
        bank_name: '河津农商银行',
        account_enc: app.cipher.encrypt('6217000000000000001'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { draft: draft.id, approved: approved.id, file: file.id, payment: String(payment.id) };
  }
  const snapshot = async () => {
    const { app } = live();
    const f = await records();
    return JSON.stringify([
      await app.db
        .selectFrom('payment_cycles')
        .select(['status', 'approved_by'])
        .where('id', 'in', [f.draft, f.approved])
        .orderBy('number')
        .execute(),
      await app.db
        .selectFrom('payment_files')
        .select(['id', 'bank_template', 'exported_at', 'returned_at'])
        .where('cycle_id', '=', f.approved)
        .orderBy('seq')
        .execute(),
      await app.db
        .selectFrom('payments')
        .select(['id', 'status', 'file_id'])
        .where('cycle_id', '=', f.approved)
        .orderBy('id')
        .execute(),
    ]);
  };
  /** The call by the first township's payment officer or approver: not found, nothing changed. */
  const refusedInsideFirstTownship = async (username: 'payer1' | 'approver1', run: (s: Session) => Promise<number>) => {
    const before = await snapshot();
    const status = await run(await login(username));
    if (status !== 404 || (await snapshot()) !== before)
      throw new Error(`${username} of the first township reached a payment record of the second: ${status}`);
  };
  const other = (
    endpoint: string,
    narrow: 'payer1' | 'approver1',
    run: (s: Session, f: Awaited<ReturnType<typeof build>>) => Promise<number>,
    expected: ReturnType<MatrixContext['S']>,
  ): MatrixRow => ({
    endpoint,
    side: 'other',
    expected,
    run: async (s) => {
      const f = await records();
      await refusedInsideFirstTownship(narrow, (n) => run(n, f));
      return run(s, f);
    },
  });
  return [
    // the county's approver approves the draft (200, then 409 once approved: she is the only role holding payment.approve)
    other(
      'POST /assistance/payment-cycles/:id/approve',
      'approver1',
      async (s, f) => (await call(s, 'POST', `/api/v1/assistance/payment-cycles/${f.draft}/approve`)).statusCode,
      S(200, 403, ['approver']),
    ),
    // the county's payment officer: nothing waits to be sent (409), the sent file is downloaded (200), a return file with no lines is refused (422), a pending payment is not re-issued (409)
    other(
      'POST /assistance/payment-cycles/:id/files',
      'payer1',
      async (s, f) =>
        (await call(s, 'POST', `/api/v1/assistance/payment-cycles/${f.approved}/files`, { template: 'standard' }))
          .statusCode,
      S(409, 403, ['payer']),
    ),
    other(
      'GET /assistance/payment-files/:id/download',
      'payer1',
      async (s, f) =>
        (await call(s, 'GET', `/api/v1/assistance/payment-files/${f.file}/download?format=csv`)).statusCode,
      S(200, 403, ['payer']),
    ),
    other(
      'POST /assistance/payment-files/:id/return',
      'payer1',
      (s, f) => uploadHeaderOnlyCsv(s, `/api/v1/assistance/payment-files/${f.file}/return`),
      S(422, 403, ['payer']),
    ),
    other(
      'POST /assistance/payments/:id/reissue',
      'payer1',
      async (s, f) => (await call(s, 'POST', `/api/v1/assistance/payments/${f.payment}/reissue`)).statusCode,
      S(409, 403, ['payer']),
    ),
  ];
}
