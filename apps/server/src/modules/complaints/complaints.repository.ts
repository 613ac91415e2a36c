import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { ComplaintsTable } from './complaints.schema.ts';

// The matters themselves (complaints rows) and what intake and dispatch read around them.

export async function findCategory(db: Executor, code: string) {
  return db.selectFrom('complaint_categories').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

/** A division by its code, with its path (a coordination centre is found above it). */
export async function findDivision(db: Executor, code: string) {
  return db.selectFrom('divisions').select(['code', 'path']).where('code', '=', code).executeTakeFirst();
}

/** The nearest active coordination centre (hotline_centre) whose division contains the given division path. */
export async function findCoordinationCentreOver(db: Executor, divisionPath: string) {
  return db
    .selectFrom('departments as d')
    .innerJoin('divisions as v', 'v.code', 'd.division_code')
    .select('d.id')
    .where('d.kind', '=', 'hotline_centre')
    .where('d.active', '=', true)
    .where(sql<boolean>`${divisionPath} LIKE v.path || '%'`)
    .orderBy('v.level', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The first active coordination centre: where an Open311 request without a place is filed. */
export async function findFirstCoordinationCentre(db: Executor) {
  return db
    .selectFrom('departments as d')
    .select('d.division_code')
    .where('d.kind', '=', 'hotline_centre')
    .where('d.active', '=', true)
    .orderBy('d.code')
    .limit(1)
    .executeTakeFirst();
}

export async function insertComplaint(tx: Tx, values: Insertable<ComplaintsTable>) {
  return tx.insertInto('complaints').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Links the matter to the case opened for it (and, for staff intake, the case's own opening instant). */
export async function linkComplaintToCase(tx: Tx, complaintId: string, caseId: string, receivedAt?: Date) {
  await tx
    .updateTable('complaints')
    .set({ case_id: caseId, ...(receivedAt ? { received_at: receivedAt } : {}) })
    .where('id', '=', complaintId)
    .execute();
}

/** Serialises public filings of one phone: a double tap waits for the first and then finds it. */
export async function lockPublicFilingsOf(tx: Tx, phoneBidxHex: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`complaint:${phoneBidxHex}`}))`.execute(tx);
}

/** The same phone, category and words since the given instant: a public filing resent. Not scoped: it answers only its own sender. */
export async function findRecentSameFiling(
  tx: Tx,
  q: { phoneBidx: Buffer[]; categoryCode: string; description: string; since: Date },
) {
  return tx
    .selectFrom('complaints as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .select(['c.id', 'c.number'])
    .where('k.complainant_phone_bidx', 'in', q.phoneBidx)
    .where('k.category_code', '=', q.categoryCode)
    .where('k.description', '=', q.description)
    .where('k.received_at', '>', q.since)
    .executeTakeFirst();
}

export type DuplicateMatch = { phoneBidx: Buffer[] } | { divisionCode: string; address: string } | { partyId: string };

/** Open matters inside the scope (lead, assisting or place) matching one criterion, at most ten. */
export async function listOpenMattersLike(db: Executor, scope: Scope, match: DuplicateMatch) {
  let q = db
    .selectFrom('complaints as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.status',
      'k.category_code as categoryCode',
      'k.address',
      'k.received_at as receivedAt',
    ])
    .where('c.is_open', '=', true)
    .where(
      inScope(scope, {
        department: 'c.owning_department_id',
        assisting: 'c.assisting_department_ids',
        division: 'c.division_code',
      }),
    )
    .limit(10);
  if ('phoneBidx' in match) q = q.where('k.complainant_phone_bidx', 'in', match.phoneBidx);
  else if ('partyId' in match)
    q = q.where(sql<boolean>`k.parties @> ${JSON.stringify([{ id: match.partyId }])}::jsonb`);
  else
    q = q
      .where('k.division_code', '=', match.divisionCode)
      .where(sql<boolean>`similarity(k.address, ${match.address}) > 0.4`);
  return q.execute();
}

/** Who dispatched the order last: a sent-back order returns there. Read by a command the engine has already scoped. */
export async function getLastDispatchOf(tx: Tx, caseId: string) {
  return tx
    .selectFrom('case_actions')
    .select('actor_department_id')
    .where('case_id', '=', caseId)
    .where('action', '=', 'dispatch')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

/**
 * The matter behind a case, with its category, place and earlier case. By id: the caller found the
 * case with findCaseInScope first, so the scope is already checked.
 */
export async function getMatterById(db: Executor, complaintId: string) {
  return db
    .selectFrom('complaints as k')
    .innerJoin('complaint_categories as cat', 'cat.code', 'k.category_code')
    .leftJoin('complaint_categories as parent', 'parent.code', 'cat.parent_code')
    .innerJoin('divisions as v', 'v.code', 'k.division_code')
    .leftJoin('divisions as t', 't.code', 'v.parent_code')
    .leftJoin('cases as prev', 'prev.id', 'k.previous_case_id')
    .select([
      'k.kind',
      'k.channel',
      'k.category_code as categoryCode',
      'cat.name as category',
      'parent.name as parentCategory',
      'v.name as village',
      't.name as township',
      'k.address',
      'k.lat',
      'k.lng',
      'k.description',
      'k.complainant_name as complainantName',
      'k.complainant_phone_masked as phone',
      'k.parties',
      'k.received_at as receivedAt',
      'prev.id as previousCaseId',
      'prev.number as previousNumber',
    ])
    .where('k.id', '=', complaintId)
    .executeTakeFirstOrThrow();
}

/** The complainant's encrypted phone. By id, after findCaseInScope on the case (see getMatterById). */
export async function getComplainantPhoneById(db: Executor, complaintId: string) {
  return db
    .selectFrom('complaints')
    .select(['complainant_phone_enc', 'division_code'])
    .where('id', '=', complaintId)
    .executeTakeFirstOrThrow();
}
