import { sql } from 'kysely';
import type { Db } from '../../core/db/database.ts';

/**
 * The portal's reads and the public look-up counters. A resident has no jurisdiction: her reads are
 * found by credentials (number and query code, or her signed-in phone) that the caller checks.
 */

export type LookupScope = 'address' | 'case' | 'package';

/** One more attempt in the hour that starts at `windowStart`, counted atomically; returns the count. */
export async function countLookupAttempt(db: Db, scope: LookupScope, key: string, windowStart: Date) {
  const row = await db
    .insertInto('lookup_failures')
    .values({ scope, key, window_start: windowStart, failures: 1 })
    .onConflict((oc) =>
      oc.columns(['scope', 'key', 'window_start']).doUpdateSet({ failures: sql<number>`lookup_failures.failures + 1` }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

export async function deleteLookupCountsBefore(db: Db, before: Date) {
  await db.deleteFrom('lookup_failures').where('window_start', '<', before).execute();
}

export async function refundLookupAttempt(db: Db, scope: LookupScope, key: string, windowStart: Date) {
  await db
    .updateTable('lookup_failures')
    .set({ failures: sql<number>`greatest(failures - 1, 0)` })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .execute();
}

export async function personHasPhone(db: Db, personId: string, phoneBidx: Buffer) {
  return !!(await db
    .selectFrom('persons')
    .select('id')
    .where('id', '=', personId)
    .where('phone_bidx', '=', phoneBidx)
    .executeTakeFirst());
}

export async function householdHasPhone(db: Db, householdId: string, phoneBidx: Buffer) {
  return !!(await db
    .selectFrom('household_members as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select('p.id')
    .where('m.household_id', '=', householdId)
    .where('p.phone_bidx', '=', phoneBidx)
    .executeTakeFirst());
}

export async function complainantHasPhone(db: Db, caseId: string, phoneBidx: Buffer) {
  return !!(await db
    .selectFrom('complaints')
    .select('id')
    .where('case_id', '=', caseId)
    .where('complainant_phone_bidx', '=', phoneBidx)
    .executeTakeFirst());
}

/** A case by its number, for a resident's look-up: the caller then checks the query code or her phone. */
export async function findCaseByNumberForResident(db: Db, number: string) {
  return db
    .selectFrom('cases as c')
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.type_code',
      'c.status',
      'c.is_open',
      'c.due_date',
      'c.due_state',
      'c.clocks',
      'c.opened_at',
      'c.closed_at',
      'c.subject_type',
      'c.subject_id',
      'c.subject_name',
      'c.division_code',
      'c.owning_department_id',
      'c.data',
      'c.query_code',
    ])
    .where('c.number', '=', number)
    .executeTakeFirst();
}

/** Public: active departments of the county down to townships, with their division. */
export async function listPublicDepartments(db: Db) {
  return db
    .selectFrom('departments as d')
    .innerJoin('divisions as v', 'v.code', 'd.division_code')
    .select([
      'd.code',
      'd.name',
      'd.kind',
      'd.phone',
      'd.address',
      'd.hours',
      'v.code as divisionCode',
      'v.name as divisionName',
      'v.level',
    ])
    .where('d.active', '=', true)
    .where('v.level', '<=', 4)
    .orderBy('v.level')
    .orderBy('v.code')
    .orderBy('d.code')
    .execute();
}

/** Public: the current villages and communities with their township. */
export async function listVillages(db: Db) {
  return db
    .selectFrom('divisions as v')
    .innerJoin('divisions as t', 't.code', 'v.parent_code')
    .select(['v.code', 'v.name', 't.name as township'])
    .where('v.level', '=', 5)
    .where('v.valid_until', 'is', null)
    .orderBy('v.code')
    .execute();
}
