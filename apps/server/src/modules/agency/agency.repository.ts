import type { Insertable } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import type { Db, Executor, Tx } from '../../core/db/database.ts';
import { departmentsInScope } from '../service-centre/index.ts';
import type { AgencyComplaintsTable, AgencyPackagesTable } from './agency.schema.ts';

/**
 * 企业代办: packages, their sub-cases and complaints. Reads of other tables (users, the catalogue's
 * service_items, organisations, cases, departments) are read only; notifications are the core's
 * inbox, written here inside the complaint's transaction (there is no notification service).
 */

/** The agent named for a package, if the account exists and is active. */
export async function findActiveAgent(tx: Tx, agentId: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'department_id'])
    .where('id', '=', agentId)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** The current catalogue versions of the items (the catalogue owns service_items). */
export async function listCurrentItems(tx: Tx, codes: string[]) {
  return tx
    .selectFrom('service_items')
    .select(['code', 'name'])
    .where('current', '=', true)
    .where('code', 'in', codes)
    .execute();
}

export async function insertPackage(tx: Tx, values: Insertable<AgencyPackagesTable>) {
  return tx.insertInto('agency_packages').values(values).returning(['id', 'query_code']).executeTakeFirstOrThrow();
}

export async function insertPackageCase(tx: Tx, packageId: string, caseId: string, position: number) {
  await tx.insertInto('agency_package_cases').values({ package_id: packageId, case_id: caseId, position }).execute();
}

/** Packages of the centres the scope reaches, newest first (at most 200). */
export async function listPackagesInScope(db: Db, scope: Scope) {
  return db
    .selectFrom('agency_packages as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .innerJoin('users as u', 'u.id', 'p.agent_id')
    .select([
      'p.id',
      'p.number',
      'p.query_code as queryCode',
      'p.project_name as projectName',
      'o.name as enterprise',
      'u.display_name as agent',
      'p.created_at as createdAt',
    ])
    .where('p.department_id', 'in', departmentsInScope(db, scope))
    .orderBy('p.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function findPackageInScope(db: Db, id: string, scope: Scope) {
  return db
    .selectFrom('agency_packages')
    .select('id')
    .where('id', '=', id)
    .where('department_id', 'in', departmentsInScope(db, scope))
    .executeTakeFirst();
}

/*
 * …ById: read after the package was found in the actor's scope (findPackageInScope, listPackagesInScope)
 * or by its number and query code (findPackageByNumber, the enterprise's own credentials).
 */

export async function getQueryCodeById(db: Db, id: string) {
  return db.selectFrom('agency_packages').select('query_code').where('id', '=', id).executeTakeFirstOrThrow();
}

export async function listComplaintsById(db: Db, packageId: string) {
  return db
    .selectFrom('agency_complaints')
    .select([
      'id',
      'text',
      'contact_name as contactName',
      'contact_phone_masked as contactPhone',
      'filed_at as filedAt',
      'answer',
      'answered_at as answeredAt',
    ])
    .where('package_id', '=', packageId)
    .orderBy('filed_at')
    .execute();
}

/** The package's header: enterprise, agent, centre and its phone. */
export async function getPackageHeaderById(db: Db, id: string) {
  return db
    .selectFrom('agency_packages as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .innerJoin('users as u', 'u.id', 'p.agent_id')
    .innerJoin('departments as d', 'd.id', 'p.department_id')
    .select([
      'p.id',
      'p.number',
      'p.project_name as projectName',
      'o.name as enterprise',
      'u.display_name as agent',
      'd.name as centre',
      'd.phone as centrePhone',
      'p.created_at as createdAt',
    ])
    .where('p.id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The package's sub-cases in their order, with what the progress and the blockers are read from. */
export async function listSubCasesById(db: Executor, packageId: string) {
  return db
    .selectFrom('agency_package_cases as pc')
    .innerJoin('cases as c', 'c.id', 'pc.case_id')
    .innerJoin('departments as d', 'd.id', 'c.owning_department_id')
    .select([
      'pc.position',
      'c.id',
      'c.number',
      'c.type_code',
      'c.title',
      'c.status',
      'c.flags',
      'c.due_date',
      'c.due_state',
      'c.is_open',
      'c.data',
      'd.name as department',
    ])
    .where('pc.package_id', '=', packageId)
    .orderBy('pc.position')
    .execute();
}

/** The public lookup: the number as given (normalised by the caller); the caller compares the query code. */
export async function findPackageByNumber(db: Db, number: string) {
  return db.selectFrom('agency_packages').select(['id', 'query_code']).where('number', '=', number).executeTakeFirst();
}

export async function insertComplaint(tx: Tx, values: Insertable<AgencyComplaintsTable>) {
  return tx.insertInto('agency_complaints').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Who is told of a complaint: the package's agent and centre. */
export async function getPackageForNoticeById(tx: Tx, id: string) {
  return tx
    .selectFrom('agency_packages')
    .select(['agent_id', 'number', 'department_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Locks a complaint of a package in the scope, for its one answer. */
export async function lockComplaintInScope(tx: Tx, complaintId: string, scope: Scope) {
  return tx
    .selectFrom('agency_complaints as c')
    .innerJoin('agency_packages as p', 'p.id', 'c.package_id')
    .select(['c.id', 'c.answered_at'])
    .where('c.id', '=', complaintId)
    .where('p.department_id', 'in', departmentsInScope(tx, scope))
    .forUpdate('c')
    .executeTakeFirst();
}

export async function setComplaintAnswer(tx: Tx, id: string, answer: { text: string; by: string; at: Date }) {
  await tx
    .updateTable('agency_complaints')
    .set({ answer: answer.text, answered_by: answer.by, answered_at: answer.at })
    .where('id', '=', id)
    .execute();
}
