import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { AssistanceBudgetsTable } from './assistance.schema.ts';

/** One budget per programme, division and year: setting it again replaces it. */
export async function upsertBudget(tx: Tx, row: Insertable<AssistanceBudgetsTable>) {
  await tx
    .insertInto('assistance_budgets')
    .values(row)
    .onConflict((oc) => oc.columns(['programme', 'division_code', 'year']).doUpdateSet(row))
    .execute();
}

/** Each budget of the year in the scope, with what its subtree has been paid so far. */
export async function budgetsInScope(db: Executor, scope: Scope, year: number) {
  return db
    .selectFrom('assistance_budgets as b')
    .innerJoin('divisions as d', 'd.code', 'b.division_code')
    .select([
      'b.programme',
      'b.division_code',
      'd.name as divisionName',
      'b.budget_fen',
      'b.working_funds_fen',
      'b.general_revenue_fen',
      'b.basis',
      sql<string>`(SELECT coalesce(sum(p.amount_fen), 0)::text FROM payments p JOIN payment_cycles c ON c.id = p.cycle_id JOIN divisions pd ON pd.code = c.division_code
                     WHERE p.programme = b.programme AND p.status = 'paid' AND extract(year FROM p.period) = b.year AND pd.path LIKE d.path || '%')`.as(
        'paidFen',
      ),
    ])
    .where('b.year', '=', year)
    .where(inScope(scope, { division: 'b.division_code' }))
    .orderBy('b.division_code')
    .orderBy('b.programme')
    .execute();
}

/** Paid payments of a year in the scope by township, programme, class and month: figures only, no one named. */
export async function paidByTownshipInScope(db: Executor, scope: Scope, year: number) {
  const { rows } = await sql<{
    township: string;
    township_name: string;
    programme: string;
    class_code: string;
    month: string;
    payments: number;
    total: string;
  }>`
      SELECT t.code AS township, t.name AS township_name, p.programme, e.class_code, to_char(p.period, 'YYYY-MM') AS month, count(*)::int AS payments, sum(p.amount_fen)::text AS total
        FROM payments p
        JOIN assistance_entitlements e ON e.id = p.entitlement_id
        JOIN divisions v ON v.code = e.division_code
        JOIN divisions t ON t.code = CASE WHEN v.level = 5 THEN v.parent_code ELSE v.code END
       WHERE p.status = 'paid' AND extract(year FROM p.period) = ${year} AND ${inScope(scope, { division: 'e.division_code' })}
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3, 4, 5`.execute(db);
  return rows;
}
