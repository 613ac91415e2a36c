import { type Insertable, sql } from 'kysely';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { AssistanceObjectionsTable, AssistanceOnlineApplicationsTable } from './assistance.schema.ts';

// The portal's reads take no scope: they show only what is public (the notice) or the signed-in phone's own.

/** 低保 cases on notice on a day, optionally in one division's subtree, with the phone to call about them. */
export async function casesOnNotice(db: Executor, day: string, divisionCode?: string) {
  return (
    db
      .selectFrom('cases as c')
      .innerJoin('divisions as d', 'd.code', 'c.division_code')
      .innerJoin('departments as dep', 'dep.id', 'c.owning_department_id')
      // the owner's phone, or the nearest township office's or civil-affairs bureau's above the household
      .select([
        'c.number',
        'd.name as divisionName',
        'c.data',
        sql<
          string | null
        >`COALESCE(dep.phone, (SELECT o.phone FROM departments o JOIN divisions od ON od.code = o.division_code
        WHERE o.active AND o.phone IS NOT NULL AND o.kind IN ('township_office', 'civil_affairs') AND d.path LIKE od.path || '%' ORDER BY length(od.path) DESC LIMIT 1))`.as(
          'phone',
        ),
      ])
      .where('c.type_code', '=', 'minimum_allowance')
      .where('c.status', '=', 'onNotice')
      .where(sql<boolean>`c.data->>'noticeFrom' <= ${day} AND c.data->>'noticeUntil' >= ${day}`)
      .$if(!!divisionCode, (q) =>
        q.where('d.path', 'like', sql<string>`(SELECT path FROM divisions WHERE code = ${divisionCode ?? ''}) || '%'`),
      )
      .orderBy('c.number')
      .limit(500)
      .execute()
  );
}

/** The 低保 case with this number, locked while an objection is filed against it. */
export async function lockAllowanceCaseByNumber(tx: Tx, caseNumber: string) {
  return tx
    .selectFrom('cases')
    .select(['id', 'division_code', 'data', 'status'])
    .where('number', '=', caseNumber)
    .where('type_code', '=', 'minimum_allowance')
    .forUpdate()
    .executeTakeFirst();
}

export async function insertObjection(tx: Tx, values: Insertable<AssistanceObjectionsTable>) {
  return tx.insertInto('assistance_objections').values(values).returning(['id', 'filed_at']).executeTakeFirstOrThrow();
}

/** The registered person with this ID number (blind indexes under every key), with her household. */
export async function findHouseholdPersonByIdNumber(db: Executor, idNumberBidx: Buffer[]) {
  return db
    .selectFrom('persons as p')
    .innerJoin('household_members as m', 'm.person_id', 'p.id')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['p.id', 'm.household_id', 'h.division_code'])
    .where('p.id_number_bidx', 'in', idNumberBidx)
    .executeTakeFirst();
}

/** Who of the household holds this phone and may file: the applicant herself first, else an adult (born by adultBorn). */
export async function findFilerInHousehold(
  db: Executor,
  f: { householdId: string; applicantId: string; phoneBidx: Buffer; adultBorn: string },
) {
  return db
    .selectFrom('household_members as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select('p.id')
    .where('m.household_id', '=', f.householdId)
    .where('p.phone_bidx', '=', f.phoneBidx)
    .where((eb) => eb.or([eb('p.id', '=', f.applicantId), eb('p.birth_date', '<=', f.adultBorn)]))
    .orderBy(sql`p.id = ${f.applicantId}`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The household's online application that no case has taken up yet, if any. */
export async function findPendingOnlineApplication(db: Executor, householdId: string) {
  return db
    .selectFrom('assistance_online_applications as a')
    .select('a.id')
    .where('a.household_id', '=', householdId)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM cases c WHERE c.type_code = 'minimum_allowance' AND c.data->>'onlineApplicationId' = a.id::text)`,
    )
    .executeTakeFirst();
}

export async function insertOnlineApplication(tx: Tx, values: Insertable<AssistanceOnlineApplicationsTable>) {
  return tx
    .insertInto('assistance_online_applications')
    .values(values)
    .returning(['id', 'submitted_at'])
    .executeTakeFirstOrThrow();
}

/** The applications filed from this phone, with the case each became. */
export async function applicationsOfPhone(db: Executor, phoneBidx: Buffer) {
  return db
    .selectFrom('assistance_online_applications as a')
    .leftJoin('cases as c', (j) =>
      j.on('c.type_code', '=', 'minimum_allowance').on(sql<boolean>`c.data->>'onlineApplicationId' = a.id::text`),
    )
    .select(['a.id', 'a.programme', 'a.submitted_at', 'c.number', 'c.status', 'c.due_date', 'c.query_code'])
    .where('a.resident_phone_bidx', '=', phoneBidx)
    .orderBy('a.submitted_at', 'desc')
    .limit(50)
    .execute();
}
