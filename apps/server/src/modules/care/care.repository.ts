import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { CareBeneficiariesTable, CareOpinionsTable, CarePairingsTable, CareRecordsTable } from './care.schema.ts';

/** The person to register, with the household the entitlement is paid to; only inside the scope. */
export async function findHouseholdPersonInScope(db: Executor, personId: string, scope: Scope) {
  return db
    .selectFrom('persons as p')
    .innerJoin('household_members as m', 'm.person_id', 'p.id')
    .select(['p.id', 'p.name', 'p.division_code', 'm.household_id'])
    .where('p.id', '=', personId)
    .where(inScope(scope, { division: 'p.division_code' }))
    .executeTakeFirst();
}

export async function findActiveRegistration(db: Executor, personId: string, category: string) {
  return db
    .selectFrom('care_beneficiaries')
    .select('id')
    .where('person_id', '=', personId)
    .where('category', '=', category)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function insertBeneficiary(tx: Tx, b: Insertable<CareBeneficiariesTable>) {
  return tx.insertInto('care_beneficiaries').values(b).returning('id').executeTakeFirstOrThrow();
}

export async function listBeneficiaries(
  db: Executor,
  scope: Scope,
  q: { category?: string | undefined; search?: string | undefined },
) {
  return db
    .selectFrom('care_beneficiaries as b')
    .innerJoin('persons as p', 'p.id', 'b.person_id')
    .innerJoin('households as h', 'h.id', 'b.household_id')
    .innerJoin('divisions as d', 'd.code', 'b.division_code')
    .select([
      'b.id',
      'b.category',
      'b.since',
      'b.status',
      'b.working_away',
      'p.name',
      'p.id_number_masked',
      'h.number as householdNumber',
      'd.name as divisionName',
      // what the entitlement pays and whether the household is in 低保 too: asked of assistance (care.service)
      'b.entitlement_id',
      'b.household_id',
    ])
    .where(inScope(scope, { division: 'b.division_code' }))
    .where('b.status', '=', 'active')
    .$if(!!q.category, (x) => x.where('b.category', '=', q.category!))
    .$if(!!q.search, (x) =>
      x.where((eb) => eb.or([eb('p.name', 'like', `%${q.search}%`), eb('h.number', '=', q.search!)])),
    )
    .orderBy('b.division_code')
    .orderBy('p.name')
    .limit(500)
    .execute();
}

export async function findBeneficiaryInScope(db: Executor, id: string, scope: Scope) {
  return db
    .selectFrom('care_beneficiaries as b')
    .innerJoin('persons as p', 'p.id', 'b.person_id')
    .innerJoin('households as h', 'h.id', 'b.household_id')
    .select([
      'b.id',
      'b.person_id',
      'b.category',
      'b.since',
      'b.status',
      'b.working_away',
      'b.contact_phone_masked',
      'b.entitlement_id',
      'b.division_code',
      'p.name',
      'p.id_number_masked',
      'p.birth_date',
      'h.number as householdNumber',
    ])
    .where('b.id', '=', id)
    .where(inScope(scope, { division: 'b.division_code' }))
    .executeTakeFirst();
}

/** A beneficiary's records, visit tasks and pairings; by id, after findBeneficiaryInScope checked the scope. */
export async function beneficiaryFileById(db: Executor, id: string) {
  const [records, tasks, pairings] = await Promise.all([
    db
      .selectFrom('care_records')
      .select(['id', 'kind', 'on_date', 'notes', 'problem_solved', 'recorded_by_name'])
      .where('beneficiary_id', '=', id)
      .orderBy('on_date', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('care_visit_tasks')
      .select(['month', 'visit_on', 'record_id'])
      .where('beneficiary_id', '=', id)
      .orderBy('month', 'desc')
      .limit(24)
      .execute(),
    db
      .selectFrom('care_pairings as c')
      .innerJoin('users as u', 'u.id', 'c.cadre_id')
      .select(['c.id', 'c.plan', 'c.problem_solved', 'c.created_at', 'u.display_name as cadre'])
      .where('c.beneficiary_id', '=', id)
      .execute(),
  ]);
  return { records, tasks, pairings };
}

/** The beneficiary a record or pairing is added to, only inside the scope. */
export async function findBeneficiaryRefInScope(db: Executor, id: string, scope: Scope) {
  return db
    .selectFrom('care_beneficiaries')
    .select(['id', 'division_code'])
    .where('id', '=', id)
    .where(inScope(scope, { division: 'care_beneficiaries.division_code' }))
    .executeTakeFirst();
}

export async function insertCareRecord(tx: Tx, r: Insertable<CareRecordsTable>) {
  return tx.insertInto('care_records').values(r).returning('id').executeTakeFirstOrThrow();
}

/** A visit closes the month's visit task, if it is still open. */
export async function closeVisitTask(tx: Tx, beneficiaryId: string, month: string, recordId: number) {
  await tx
    .updateTable('care_visit_tasks')
    .set({ record_id: recordId })
    .where('beneficiary_id', '=', beneficiaryId)
    .where('month', '=', month)
    .where('record_id', 'is', null)
    .execute();
}

export async function findActiveUser(db: Executor, id: string) {
  return db.selectFrom('users').select('id').where('id', '=', id).where('active', '=', true).executeTakeFirst();
}

export async function insertPairing(tx: Tx, p: Insertable<CarePairingsTable>) {
  return tx.insertInto('care_pairings').values(p).returning('id').executeTakeFirstOrThrow();
}

/** This month's visit tasks in the worker's area. */
export async function visitTasksInScope(db: Executor, scope: Scope, month: string) {
  return db
    .selectFrom('care_visit_tasks as t')
    .innerJoin('care_beneficiaries as b', 'b.id', 't.beneficiary_id')
    .innerJoin('persons as p', 'p.id', 'b.person_id')
    .innerJoin('divisions as d', 'd.code', 'b.division_code')
    .select(['t.beneficiary_id', 't.visit_on', 't.record_id', 'b.category', 'p.name', 'd.name as divisionName'])
    .where('t.month', '=', month)
    .where(inScope(scope, { division: 'b.division_code' }))
    .orderBy('d.name')
    .orderBy('p.name')
    .execute();
}

export async function opinionsInScope(db: Executor, scope: Scope) {
  return db
    .selectFrom('care_opinions as o')
    .innerJoin('divisions as d', 'd.code', 'o.division_code')
    .select([
      'o.id',
      'o.name',
      'o.phone_masked',
      'o.text',
      'o.filed_at',
      'o.answered_at',
      'o.answer',
      'd.name as divisionName',
    ])
    .where(inScope(scope, { division: 'o.division_code' }))
    .orderBy('o.filed_at', 'desc')
    .limit(200)
    .execute();
}

/** A village (level 5): the portal names no other level as a home. */
export async function findVillage(db: Executor, code: string) {
  return db.selectFrom('divisions').select('code').where('code', '=', code).where('level', '=', 5).executeTakeFirst();
}

export async function insertOpinion(tx: Tx, o: Insertable<CareOpinionsTable>) {
  return tx.insertInto('care_opinions').values(o).returning('id').executeTakeFirstOrThrow();
}

/** One visit task per active beneficiary for the month; the unique (beneficiary, month) makes a second run add none. */
export async function insertVisitTasks(tx: Tx, month: string, visitOn: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
      WITH made AS (
        INSERT INTO care_visit_tasks (beneficiary_id, month, visit_on)
        SELECT id, ${`${month}-01`}::date, ${visitOn}::date FROM care_beneficiaries WHERE status = 'active'
        ON CONFLICT (beneficiary_id, month) DO NOTHING RETURNING 1)
      SELECT count(*)::int AS n FROM made`.execute(tx);
  return rows[0]!.n;
}
