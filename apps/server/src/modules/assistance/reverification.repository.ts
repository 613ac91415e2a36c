import { sql } from 'kysely';
import type { Executor, Tx } from '../../core/db/database.ts';

/** The household's entitlement a re-verification case names; the case engine checked the case's scope. */
export async function findHouseholdEntitlement(db: Executor, id: string, householdId: string) {
  return db
    .selectFrom('assistance_entitlements')
    .select(['id', 'programme', 'status', 'rule_version_id'])
    .where('id', '=', id)
    .where('household_id', '=', householdId)
    .executeTakeFirst();
}

/** Two scans at once would both see the same entitlements as uncovered: the second waits for the first to commit. */
export async function lockReverificationScan(tx: Tx) {
  await sql`SELECT pg_advisory_xact_lock(hashtext('assistance.reverification_scan'))`.execute(tx);
}

/**
 * For the scan job (no actor, so no scope): active entitlements due by `until` with no open
 * re-verification case, each with the department to own it (its township's office, else the
 * civil-affairs department above it). The owner is looked up once per division (MATERIALIZED: left
 * inline, the planner ran the lookup once per household, 3.5 s for 8,078).
 */
export async function dueReverificationsForJob(tx: Tx, until: string) {
  const { rows } = await sql<{
    id: string;
    household_id: string;
    number: string;
    division_code: string;
    department_id: string | null;
  }>`
      WITH due AS (
        SELECT e.id, e.household_id, h.number, e.division_code, e.next_reverification
          FROM assistance_entitlements e
          JOIN households h ON h.id = e.household_id
         WHERE e.status = 'active' AND e.next_reverification <= ${until}::date
           AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.type_code = 'allowance_reverification' AND c.is_open AND c.data->>'entitlementId' = e.id::text)
      ), owners AS MATERIALIZED (
        SELECT d.code,
               (SELECT dep.id FROM departments dep JOIN divisions dd ON dd.code = dep.division_code
                 WHERE dep.active AND dep.kind IN ('township_office', 'civil_affairs') AND d.path LIKE dd.path || '%'
                 ORDER BY length(dd.path) DESC, dep.kind DESC LIMIT 1) AS department_id
          FROM divisions d WHERE d.code IN (SELECT DISTINCT division_code FROM due)
      )
      SELECT due.id, due.household_id, due.number, due.division_code, owners.department_id
        FROM due JOIN owners ON owners.code = due.division_code
       ORDER BY due.next_reverification, due.id`.execute(tx);
  return rows;
}
