import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { PaymentsTable } from './assistance.schema.ts';

export interface CycleScope {
  programme: string;
  divisionPath: string;
  period: string;
}

/** Entitlements payable for a period: started, not ended, not suspended by then, and not yet paid for it. */
const payable = (c: CycleScope) => sql<boolean>`
      e.programme = ${c.programme}
  AND d.path LIKE ${`${c.divisionPath}%`}
  AND e.start_month <= ${c.period}::date
  AND (e.last_month IS NULL OR e.last_month >= ${c.period}::date)
  AND (e.suspended_from IS NULL OR e.suspended_from > ${c.period}::date)
  AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.beneficiary_id = e.beneficiary_id AND p.programme = e.programme AND p.period = ${c.period}::date AND p.status <> 'failed')`;

/**
 * The cycle's payments in one INSERT … SELECT, already in the cycle's first bank file (so the export
 * updates no rows), references numbered in the same statement, and the control totals from what was
 * inserted. Entitlements with no account, or with an account nobody has verified yet (typed on the
 * portal, not yet checked against the payee's own card), are left out and counted.
 */
export async function insertCyclePayments(tx: Tx, c: CycleScope & { cycleId: string; fileId: string; number: string }) {
  // one pass over the entitlements: the payable ones with an account are inserted, the others counted
  const { rows } = await sql<{ n: number; total: string | null; without_account: number; unverified_account: number }>`
    WITH payable AS MATERIALIZED (
      SELECT e.id, e.household_id, e.beneficiary_id, e.programme, e.amount_fen, e.division_code, e.payee_name, e.bank_name, e.account_enc, e.account_verified_at
        FROM assistance_entitlements e
        JOIN divisions d ON d.code = e.division_code
       WHERE ${payable(c)}
    ), inserted AS (
      INSERT INTO payments (cycle_id, file_id, entitlement_id, household_id, beneficiary_id, programme, period, amount_fen, reference, payee_name, bank_name, account_enc)
      SELECT ${c.cycleId}::uuid, ${c.fileId}::uuid, p.id, p.household_id, p.beneficiary_id, p.programme, ${c.period}::date, p.amount_fen,
             ${c.number} || '-' || lpad((row_number() OVER (ORDER BY p.division_code, p.id))::text, 6, '0'),
             p.payee_name, p.bank_name, p.account_enc
        FROM payable p
       WHERE p.account_enc IS NOT NULL AND p.account_verified_at IS NOT NULL
      RETURNING amount_fen
    )
    SELECT (SELECT count(*)::int FROM inserted) AS n, (SELECT sum(amount_fen)::text FROM inserted) AS total,
           (SELECT count(*)::int FROM payable WHERE account_enc IS NULL) AS without_account,
           (SELECT count(*)::int FROM payable WHERE account_enc IS NOT NULL AND account_verified_at IS NULL) AS unverified_account`.execute(
    tx,
  );
  const r = rows[0]!;
  return {
    count: r.n,
    totalFen: Number(r.total ?? 0),
    withoutAccount: r.without_account,
    unverifiedAccount: r.unverified_account,
  };
}

/** The households a cycle leaves out and why, for the payer to see (and the clerk to act on). */
export async function skippedForCycle(db: Executor, c: CycleScope) {
  const { rows } = await sql<{
    entitlement_id: string;
    household_number: string;
    payee_name: string;
    reason: 'noAccount' | 'accountUnverified';
  }>`
    SELECT e.id AS entitlement_id, h.number AS household_number, e.payee_name,
           CASE WHEN e.account_enc IS NULL THEN 'noAccount' ELSE 'accountUnverified' END AS reason
      FROM assistance_entitlements e
      JOIN divisions d ON d.code = e.division_code
      JOIN households h ON h.id = e.household_id
     WHERE ${payable(c)} AND (e.account_enc IS NULL OR e.account_verified_at IS NULL)
     ORDER BY h.number LIMIT 200`.execute(db);
  return rows.map((r) => ({
    entitlementId: r.entitlement_id,
    householdNumber: r.household_number,
    payeeName: r.payee_name,
    reason: r.reason,
  }));
}

/** Count and sum of a cycle's live payments, to check against its control totals (by id: the cycle was locked in scope). */
export async function cycleTotals(db: Executor, cycleId: string) {
  const row = await db
    .selectFrom('payments')
    .select([sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(sum(amount_fen), 0)::text`.as('total')])
    .where('cycle_id', '=', cycleId)
    .where('reissue_of', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: row.n, totalFen: Number(row.total) };
}

/** The cycle's payments by status, for its page (by id, after findCycleInScope). */
export async function cycleStatusTotals(db: Executor, cycleId: string) {
  const rows = await db
    .selectFrom('payments')
    .select(['status', sql<number>`count(*)::int`.as('count'), sql<string>`sum(amount_fen)::text`.as('totalFen')])
    .where('cycle_id', '=', cycleId)
    .groupBy('status')
    .execute();
  // integer fen, as every other sum of the API
  return rows.map((r) => ({ ...r, totalFen: Number(r.totalFen) }));
}

/** The cycle's pending payments not yet in a file go into this one: by cycle id, after the cycle was locked in scope. */
export async function assignUnsentPayments(tx: Tx, cycleId: string, fileId: string) {
  return tx
    .updateTable('payments')
    .set({ file_id: fileId })
    .where('cycle_id', '=', cycleId)
    .where('file_id', 'is', null)
    .where('status', '=', 'pending')
    .returning('amount_fen')
    .execute();
}

/** A bank file's lines, in reference order: by file id, after findFileInScope. */
export async function fileLinesById(db: Executor, fileId: string) {
  return db
    .selectFrom('payments')
    .select(['reference', 'payee_name', 'bank_name', 'account_enc', 'amount_fen'])
    .where('file_id', '=', fileId)
    .orderBy('reference')
    .execute();
}

/** What a return file must answer: by file id, after lockFileInScope. */
export async function filePaymentsById(tx: Tx, fileId: string) {
  return tx.selectFrom('payments').select(['id', 'reference', 'amount_fen']).where('file_id', '=', fileId).execute();
}

export async function markPaid(tx: Tx, paymentIds: number[], at: Date) {
  await tx.updateTable('payments').set({ status: 'paid', settled_at: at }).where('id', 'in', paymentIds).execute();
}

export async function markFailed(tx: Tx, paymentId: number, reason: string | null, at: Date) {
  await tx
    .updateTable('payments')
    .set({ status: 'failed', failure_reason: reason, settled_at: at })
    .where('id', '=', paymentId)
    .execute();
}

/** A payment with its cycle's division and the entitlement's current account, locked to re-issue, only inside the scope. */
export async function lockPaymentInScope(tx: Tx, paymentId: string | number, scope: Scope) {
  // the path's digits, read by PostgreSQL as the bigint they name
  const id = sql<number>`${String(paymentId)}::bigint`;
  return tx
    .selectFrom('payments as p')
    .innerJoin('payment_cycles as c', 'c.id', 'p.cycle_id')
    .innerJoin('assistance_entitlements as e', 'e.id', 'p.entitlement_id')
    .select([
      'p.id',
      'p.cycle_id',
      'p.entitlement_id',
      'p.household_id',
      'p.beneficiary_id',
      'p.programme',
      'p.period',
      'p.amount_fen',
      'p.reference',
      'p.status',
      'p.settled_at',
      'c.division_code',
      'e.payee_name',
      'e.bank_name',
      'e.account_enc',
      'e.account_changed_at',
      'e.account_verified_at',
    ])
    .where('p.id', '=', id)
    .where(inScope(scope, { division: 'c.division_code' }))
    .forUpdate('p')
    .executeTakeFirst();
}

/** How many re-issues a reference already has (`<base>-R1`, `-R2`, …). */
export async function reissueCount(tx: Tx, baseReference: string): Promise<number> {
  const earlier = await tx
    .selectFrom('payments')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('reference', 'like', `${baseReference}-R%`)
    .executeTakeFirstOrThrow();
  return Number(earlier.n);
}

export async function insertPayment(tx: Tx, values: Insertable<PaymentsTable>) {
  return tx.insertInto('payments').values(values).returning(['id', 'reference']).executeTakeFirstOrThrow();
}

/** A cycle's payments that need a look (not paid, or re-issued): by cycle id, after findCycleInScope. */
export async function attentionPaymentsById(db: Executor, cycleId: string) {
  return db
    .selectFrom('payments')
    .select(['id', 'reference', 'payee_name', 'amount_fen', 'status', 'failure_reason', 'reissue_of', 'file_id'])
    .where('cycle_id', '=', cycleId)
    .where((eb) => eb.or([eb('status', '<>', 'paid'), eb('reissue_of', 'is not', null)]))
    .orderBy('id')
    .limit(500)
    .execute();
}
