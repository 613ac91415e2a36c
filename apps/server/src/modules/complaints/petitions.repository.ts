import { sql } from 'kysely';
import type { Executor } from '../../core/db/database.ts';

// Petitions and their review chain (信访 → 复查 → 复核), read by case hooks and at intake: the caller
// names the cases by id from the petitioner's own request; the engine scopes the case being opened.

/** The number of a decided recheck (复核) on a review of the given petition: the facts are finally decided. */
export async function findFinalRecheckOf(db: Executor, previousCaseId: string) {
  const recheck = await sql<{ number: string }>`
      SELECT r2.number FROM cases r1 JOIN cases r2 ON r2.type_code = 'petition_review' AND r2.data->>'previousCaseId' = r1.id::text AND r2.data->>'level' = 'recheck' AND r2.status = 'decided'
       WHERE r1.type_code = 'petition_review' AND r1.data->>'previousCaseId' = ${previousCaseId}`.execute(db);
  return recheck.rows[0];
}

/** The case a review or recheck is asked on. */
export async function findReviewedCaseById(db: Executor, id: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'type_code', 'status', 'closed_at', 'data', 'number'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A review already asked on the given case (one per level). */
export async function findReviewRequestOf(db: Executor, previousId: string) {
  return db
    .selectFrom('cases')
    .select('number')
    .where('type_code', '=', 'petition_review')
    .where(sql`data->>'previousCaseId'`, '=', previousId)
    .executeTakeFirst();
}
