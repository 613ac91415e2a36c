import type { Insertable } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import type { Db, Tx } from '../../core/db/database.ts';
import { departmentsInScope } from '../service-centre/index.ts';
import type { EvaluationsTable } from './evaluation.schema.ts';

/** 好差评: reviews (written once: the table refuses UPDATE and DELETE) and the appeals against them. */

export async function listReviewsOfCase(db: Db, caseId: string) {
  return db.selectFrom('evaluations').select(['channel', 'level']).where('case_id', '=', caseId).execute();
}

/** A case by number among the departments the scope reaches (the clerk's pad rates it). */
export async function findCaseByNumberInScope(db: Db, number: string, scope: Scope) {
  return db
    .selectFrom('cases')
    .select([
      'id',
      'number',
      'title',
      'type_code',
      'is_open',
      'subject_type',
      'subject_id',
      'subject_name',
      'division_code',
      'owning_department_id',
      'data',
    ])
    .where('number', '=', number)
    .where('owning_department_id', 'in', departmentsInScope(db, scope))
    .executeTakeFirst();
}

/** One review per case: the case row's lock makes two concurrent first reviews wait for each other. */
export async function lockCase(tx: Tx, caseId: string) {
  await tx.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
}

export async function caseHasReview(tx: Tx, caseId: string) {
  return !!(await tx.selectFrom('evaluations').select('id').where('case_id', '=', caseId).executeTakeFirst());
}

/** The last person who acted on the case: the one the review is about. */
export async function findLastActor(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_actions')
    .select(['actor_id'])
    .where('case_id', '=', caseId)
    .where('actor_id', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The window whose number the case was opened for, if any. */
export async function findWindowOfCase(tx: Tx, caseId: string) {
  return tx
    .selectFrom('queue_tickets as t')
    .innerJoin('centre_windows as w', 'w.id', 't.window_id')
    .select('w.name')
    .where('t.case_id', '=', caseId)
    .executeTakeFirst();
}

export async function insertReview(tx: Tx, values: Insertable<EvaluationsTable>) {
  return tx.insertInto('evaluations').values(values).returning('id').executeTakeFirstOrThrow();
}

export interface ReviewQuery {
  level?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
}

/** Reviews of the departments in the scope, newest first; the resident is not named. */
export async function listReviewsInScope(db: Db, scope: Scope, q: ReviewQuery) {
  return db
    .selectFrom('evaluations as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .innerJoin('departments as d', 'd.id', 'e.department_id')
    .leftJoin('users as u', 'u.id', 'e.staff_id')
    .leftJoin('cases as r', 'r.id', 'e.rectification_case_id')
    .leftJoin('evaluation_appeals as a', 'a.evaluation_id', 'e.id')
    .select([
      'e.id',
      'e.channel',
      'e.level',
      'e.sub_scores as subScores',
      'e.comment',
      'e.window_name as windowName',
      'e.item_code as itemCode',
      'e.created_at as createdAt',
      'c.number as caseNumber',
      'c.title as caseTitle',
      'd.name as department',
      'u.display_name as staff',
      'r.id as rectificationCaseId',
      'r.number as rectificationNumber',
      'r.status as rectificationStatus',
      'a.id as appealId',
      'a.reason as appealReason',
      'a.decision as appealDecision',
    ])
    .where('e.department_id', 'in', departmentsInScope(db, scope))
    .$if(q.level !== undefined, (b) => b.where('e.level', '=', q.level!))
    .$if(!!q.from, (b) => b.where('e.created_at', '>=', new Date(`${q.from}T00:00:00+08:00`)))
    .$if(!!q.to, (b) => b.where('e.created_at', '<', new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000)))
    .orderBy('e.created_at', 'desc')
    .limit(Math.min(q.limit ?? 100, 500))
    .execute();
}

/** A review's department, for an appeal; the caller then checks the department against the actor. */
export async function findReview(tx: Tx, evaluationId: string) {
  return tx
    .selectFrom('evaluations')
    .select(['id', 'department_id', 'level'])
    .where('id', '=', evaluationId)
    .executeTakeFirst();
}

export async function reviewHasAppeal(tx: Tx, evaluationId: string) {
  return !!(await tx
    .selectFrom('evaluation_appeals')
    .select('id')
    .where('evaluation_id', '=', evaluationId)
    .executeTakeFirst());
}

export async function insertAppeal(
  tx: Tx,
  values: { evaluation_id: string; reason: string; filed_by: string; filed_at: Date },
) {
  return tx.insertInto('evaluation_appeals').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Locks an appeal for its decision; the caller then checks the department against the actor. */
export async function lockAppeal(tx: Tx, appealId: string) {
  return tx
    .selectFrom('evaluation_appeals as a')
    .innerJoin('evaluations as e', 'e.id', 'a.evaluation_id')
    .select(['a.id', 'a.filed_by', 'a.decision', 'e.department_id'])
    .where('a.id', '=', appealId)
    .forUpdate('a')
    .executeTakeFirst();
}

export async function recordAppealDecision(
  tx: Tx,
  appealId: string,
  d: { decision: 'upheld' | 'rejected'; decision_note: string | null; decided_by: string; decided_at: Date },
) {
  await tx.updateTable('evaluation_appeals').set(d).where('id', '=', appealId).execute();
}

/** Appeals not yet decided, of the departments in the scope. */
export async function listPendingAppealsInScope(db: Db, scope: Scope) {
  return db
    .selectFrom('evaluation_appeals as a')
    .innerJoin('evaluations as e', 'e.id', 'a.evaluation_id')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .innerJoin('users as u', 'u.id', 'a.filed_by')
    .innerJoin('departments as d', 'd.id', 'e.department_id')
    .select([
      'a.id',
      'a.reason',
      'a.filed_at as filedAt',
      'u.display_name as filedBy',
      'e.level',
      'e.comment',
      'c.number as caseNumber',
      'd.name as department',
    ])
    .where('a.decision', 'is', null)
    .where('e.department_id', 'in', departmentsInScope(db, scope))
    .orderBy('a.filed_at')
    .execute();
}
