import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { DisputeAttemptsTable, DisputesTable } from './complaints.schema.ts';

// 矛盾纠纷 and their attempts. A dispute is in reach by its place (division); every read a user asks
// for starts from disputesInScope.

/** Disputes inside the scope, joined to their division (v). */
function disputesInScope(db: Executor, scope: Scope) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('divisions as v', 'v.code', 'd.division_code')
    .where(inScope(scope, { division: 'd.division_code' }));
}

/** A division inside the scope (aliased: the reach's own subquery reads divisions too). */
export async function findDivisionInScope(db: Executor, scope: Scope, code: string) {
  return db
    .selectFrom('divisions as place')
    .select('place.code')
    .where('place.code', '=', code)
    .where(inScope(scope, { division: 'place.code' }))
    .executeTakeFirst();
}

/** Disputes in reach with a party of the given names, in the same place and category: at most ten, newest first. */
export async function listSimilarDisputes(
  db: Executor,
  scope: Scope,
  q: { divisionCode: string; categoryCode: string; partyNames: string[] },
) {
  return disputesInScope(db, scope)
    .where('d.division_code', '=', q.divisionCode)
    .where('d.category_code', '=', q.categoryCode)
    .where(
      sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(d.parties) p WHERE p->>'name' = ANY(${q.partyNames}))`,
    )
    .select(['d.id', 'd.number', 'd.title', 'd.status', 'd.created_at as createdAt'])
    .orderBy('d.created_at', 'desc')
    .limit(10)
    .execute();
}

export async function disputeExistsInScope(db: Executor, scope: Scope, id: string) {
  return !!(await disputesInScope(db, scope).select('d.id').where('d.id', '=', id).executeTakeFirst());
}

/** A dispute in reach, all its columns; locked when asked (an attempt is added under the lock). */
export async function findDisputeInScope(db: Executor, scope: Scope, id: string, lock: { forUpdate?: boolean } = {}) {
  return disputesInScope(db, scope)
    .selectAll('d')
    .where('d.id', '=', id)
    .$if(!!lock.forUpdate, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function insertDispute(tx: Tx, values: Insertable<DisputesTable>) {
  return tx.insertInto('disputes').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertAttempt(tx: Tx, values: Insertable<DisputeAttemptsTable>) {
  return tx.insertInto('dispute_attempts').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function setDisputeState(
  tx: Tx,
  id: string,
  state: { status: 'open' | 'settled'; flagged?: DisputesTable['flagged'] },
) {
  await tx.updateTable('disputes').set(state).where('id', '=', id).execute();
}

/** An attempt on a dispute in reach, locked: a second follow-up of the same agreement waits for the first. */
export async function findAttemptInScopeForUpdate(tx: Tx, scope: Scope, attemptId: string) {
  return disputesInScope(tx, scope)
    .innerJoin('dispute_attempts as a', 'a.dispute_id', 'd.id')
    .select(['a.id', 'a.performance', 'd.id as disputeId'])
    .where('a.id', '=', attemptId)
    .forUpdate('a')
    .executeTakeFirst();
}

export async function setAttemptPerformance(tx: Tx, id: string, performance: 'performed' | 'breached', note: string) {
  await tx.updateTable('dispute_attempts').set({ performance, performance_note: note }).where('id', '=', id).execute();
}

/**
 * The dispute itself, then each earlier record it came back from. By id: the caller found the
 * dispute in its scope first, and the earlier records belong to the same history.
 */
export async function disputeChainById(db: Executor, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
      WITH RECURSIVE back(id, previous) AS (
        SELECT id, previous_dispute_id FROM disputes WHERE id = ${id}
        UNION ALL SELECT d.id, d.previous_dispute_id FROM disputes d JOIN back b ON d.id = b.previous
      ) SELECT id FROM back`.execute(db);
  return rows.map((r) => r.id);
}

/** Attempts without agreement over a history (see disputeChainById). */
export async function countFailedAttemptsOf(db: Executor, disputeIds: string[]) {
  const r = await db
    .selectFrom('dispute_attempts')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('dispute_id', 'in', disputeIds)
    .where('result', 'in', ['notAgreed', 'withdrawn'])
    .executeTakeFirstOrThrow();
  return r.n;
}

/** Every attempt over a history (see disputeChainById), in the order they happened. */
export async function listAttemptsOf(db: Executor, disputeIds: string[]) {
  return db
    .selectFrom('dispute_attempts as a')
    .innerJoin('disputes as x', 'x.id', 'a.dispute_id')
    .select([
      'a.id',
      'x.number as disputeNumber',
      'a.kind',
      'a.level',
      'a.organ',
      'a.mediator',
      'a.on_date as onDate',
      'a.result',
      'a.agreement',
      'a.document_id as documentId',
      'a.confirmation_due as confirmationDue',
      'a.performance',
    ])
    .where('a.dispute_id', 'in', disputeIds)
    .orderBy('a.on_date')
    .orderBy('a.created_at')
    .execute();
}

/** Disputes in reach, open first, flagged first, newest first: at most 300. */
export async function listDisputes(db: Executor, scope: Scope, status?: 'open' | 'settled' | 'closed') {
  return disputesInScope(db, scope)
    .select([
      'd.id',
      'd.number',
      'd.title',
      'd.status',
      'd.flagged',
      'd.created_at as createdAt',
      'v.name as division',
      sql<number>`(SELECT count(*)::int FROM dispute_attempts a WHERE a.dispute_id = d.id)`.as('attempts'),
    ])
    .$if(!!status, (q) => q.where('d.status', '=', status!))
    .orderBy(sql`d.status = 'open'`, 'desc')
    .orderBy(sql`d.flagged IS NULL`)
    .orderBy('d.created_at', 'desc')
    .limit(300)
    .execute();
}

/** Agreements in reach awaiting follow-up whose confirmation deadline is unset or on or before the given date. */
export async function listPendingAgreements(db: Executor, scope: Scope, dueBy: string) {
  return disputesInScope(db, scope)
    .innerJoin('dispute_attempts as a', 'a.dispute_id', 'd.id')
    .select([
      'a.id',
      'd.number',
      'd.title',
      'a.on_date as onDate',
      'a.confirmation_due as confirmationDue',
      'a.performance',
    ])
    .where('a.performance', '=', 'pending')
    .where((eb) => eb.or([eb('a.confirmation_due', 'is', null), eb('a.confirmation_due', '<=', dueBy)]))
    .orderBy('a.confirmation_due')
    .execute();
}

/** The agreement document of an attempt on a dispute in reach. */
export async function findAgreementDocumentInScope(db: Executor, scope: Scope, attemptId: string) {
  return disputesInScope(db, scope)
    .innerJoin('dispute_attempts as a', 'a.dispute_id', 'd.id')
    .innerJoin('documents as doc', 'doc.id', 'a.document_id')
    .select(['doc.id', 'doc.number'])
    .where('a.id', '=', attemptId)
    .executeTakeFirst();
}
