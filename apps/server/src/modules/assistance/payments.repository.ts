import { sql } from 'kysely';
import type { Executor, Tx } from '../../core/db/database.ts';

export interface CycleScope { programme: string; divisionPath: string; period: string }

/** Entitlements payable for a period: started, not ended, not suspended by then, and not yet paid for it. */
const payable = (c: CycleScope) => sql<boolean>`
      e.programme = ${c.programme}
  AND d.path LIKE ${`${c.divisionPath}%`}
  AND e.start_month <= ${c.period}::date
  AND (e.last_month IS NULL OR e.last_month >= ${c.period}::date)
  AND (e.suspended_from IS NULL OR e.suspended_from > ${c.period}::date)
  AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.household_id = e.household_id AND p.programme = e.programme AND p.period = ${c.period}::date AND p.status <> 'failed')`;

/**
 * The cycle's payments in one INSERT … SELECT, references numbered in the same statement, and the
 * control totals from what was inserted. Entitlements with no account are left out and counted.
 */
export async function insertCyclePayments(tx: Tx, c: CycleScope & { cycleId: string; number: string }) {
  const { rows } = await sql<{ n: number; total: string | null }>`
    WITH inserted AS (
      INSERT INTO payments (cycle_id, entitlement_id, household_id, programme, period, amount_fen, reference, payee_name, bank_name, account_enc)
      SELECT ${c.cycleId}::uuid, e.id, e.household_id, e.programme, ${c.period}::date, e.monthly_amount_fen,
             ${c.number} || '-' || lpad((row_number() OVER (ORDER BY e.division_code, e.id))::text, 6, '0'),
             e.payee_name, e.bank_name, e.account_enc
        FROM assistance_entitlements e
        JOIN divisions d ON d.code = e.division_code
       WHERE ${payable(c)} AND e.account_enc IS NOT NULL
      RETURNING amount_fen
    )
    SELECT count(*)::int AS n, sum(amount_fen)::text AS total FROM inserted`.execute(tx);
  const missing = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM assistance_entitlements e JOIN divisions d ON d.code = e.division_code
     WHERE ${payable(c)} AND e.account_enc IS NULL`.execute(tx);
  return { count: rows[0]!.n, totalFen: Number(rows[0]!.total ?? 0), withoutAccount: missing.rows[0]!.n };
}

/** Count and sum of a cycle's live payments, to check against its control totals. */
export async function cycleTotals(db: Executor, cycleId: string) {
  const row = await db.selectFrom('payments').select([sql<number>`count(*)::int`.as('n'), sql<string>`coalesce(sum(amount_fen), 0)::text`.as('total')])
    .where('cycle_id', '=', cycleId).where('reissue_of', 'is', null).executeTakeFirstOrThrow();
  return { count: row.n, totalFen: Number(row.total) };
}

/** The cycle's payments by status, for its page. */
export async function cycleStatusTotals(db: Executor, cycleId: string) {
  return db.selectFrom('payments').select(['status', sql<number>`count(*)::int`.as('count'), sql<string>`sum(amount_fen)::text`.as('totalFen')])
    .where('cycle_id', '=', cycleId).groupBy('status').execute();
}
