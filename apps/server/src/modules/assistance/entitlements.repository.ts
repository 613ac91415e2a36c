import { type Insertable, sql, type Updateable } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { AssistanceEntitlementChangesTable, AssistanceEntitlementsTable } from './assistance.schema.ts';

export interface EntitlementFilter {
  programme?: string | undefined;
  status?: string | undefined;
  search?: string | undefined;
  cursor?: string | undefined;
}

/** One page of enrolled households in the scope (51 rows: the 51st says there is a next page). */
export async function listEntitlements(db: Executor, scope: Scope, q: EntitlementFilter) {
  return db
    .selectFrom('assistance_entitlements as e')
    .innerJoin('households as h', 'h.id', 'e.household_id')
    .innerJoin('divisions as d', 'd.code', 'e.division_code')
    .select([
      'e.id',
      'e.programme',
      'e.status',
      'e.amount_fen',
      'e.class_code',
      'e.start_month',
      'e.next_reverification',
      'e.payee_name',
      'e.account_masked',
      'e.account_verified_at',
      'h.number as householdNumber',
      'd.name as divisionName',
      sql<number>`(SELECT count(*)::int FROM assistance_entitlement_members m WHERE m.entitlement_id = e.id AND m.active)`.as(
        'members',
      ),
    ])
    .where(inScope(scope, { division: 'e.division_code' }))
    .$if(!!q.programme, (x) => x.where('e.programme', '=', q.programme!))
    .$if(!!q.status, (x) => x.where('e.status', '=', q.status as 'active'))
    .$if(!!q.search, (x) =>
      x.where((eb) => eb.or([eb('e.payee_name', 'like', `%${q.search}%`), eb('h.number', '=', q.search!)])),
    )
    .$if(!!q.cursor, (x) => x.where('e.id', '>', q.cursor!))
    .orderBy('e.id')
    .limit(51)
    .execute();
}

export async function findEntitlementInScope(db: Executor, id: string, scope: Scope) {
  return db
    .selectFrom('assistance_entitlements as e')
    .innerJoin('households as h', 'h.id', 'e.household_id')
    .leftJoin('cases as c', 'c.id', 'e.case_id')
    .leftJoin('users as vu', 'vu.id', 'e.account_verified_by')
    .select([
      'e.id',
      'e.programme',
      'e.status',
      'e.amount_fen',
      'e.class_code',
      'e.start_month',
      'e.last_month',
      'e.suspended_from',
      'e.next_reverification',
      'e.payee_name',
      'e.bank_name',
      'e.account_masked',
      'e.account_verified_at',
      'e.account_verified_against',
      'vu.display_name as accountVerifiedByName',
      'e.rule_version_id',
      'e.inputs',
      'e.computation',
      'e.version',
      'e.division_code',
      'h.number as householdNumber',
      'h.id as householdId',
      'c.number as caseNumber',
      'c.id as caseId',
    ])
    .where('e.id', '=', id)
    .where(inScope(scope, { division: 'e.division_code' }))
    .executeTakeFirst();
}

/** Members, changes and the payment ledger (台账) of an entitlement; by id, after findEntitlementInScope. */
export async function entitlementLedgerById(db: Executor, id: string) {
  const [members, changes, ledger] = await Promise.all([
    db
      .selectFrom('assistance_entitlement_members as m')
      .innerJoin('persons as p', 'p.id', 'm.person_id')
      .select(['p.id', 'p.name', 'p.id_number_masked', 'm.active'])
      .where('m.entitlement_id', '=', id)
      .execute(),
    db
      .selectFrom('assistance_entitlement_changes')
      .select([
        'id',
        'kind',
        'effective_month',
        'amount_before_fen',
        'amount_after_fen',
        'reason',
        'actor_name',
        'at',
        'document_id',
      ])
      .where('entitlement_id', '=', id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('payments as p')
      .innerJoin('payment_cycles as c', 'c.id', 'p.cycle_id')
      .select([
        'p.id',
        'p.period',
        'p.amount_fen',
        'p.status',
        'p.reference',
        'p.failure_reason',
        'p.settled_at',
        'p.reissue_of',
        'c.number as cycleNumber',
      ])
      .where('p.entitlement_id', '=', id)
      .orderBy('p.period', 'desc')
      .orderBy('p.id', 'desc')
      .execute(),
  ]);
  return { members, changes, ledger };
}

/** The entitlement row, locked for a change, only inside the scope. */
export async function lockEntitlementInScope(tx: Tx, id: string, scope: Scope) {
  return tx
    .selectFrom('assistance_entitlements')
    .selectAll()
    .where('id', '=', id)
    .where(inScope(scope, { division: 'assistance_entitlements.division_code' }))
    .forUpdate()
    .executeTakeFirst();
}

/** Locked by id with no scope: for a re-verification case, whose scope the case engine already checked. */
export async function lockEntitlementById(tx: Tx, id: string) {
  return tx
    .selectFrom('assistance_entitlements')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function updateEntitlement(tx: Tx, id: string, values: Updateable<AssistanceEntitlementsTable>) {
  await tx.updateTable('assistance_entitlements').set(values).where('id', '=', id).execute();
}

/** A terminated entitlement counts nobody: its members may enrol elsewhere. */
export async function deactivateMembers(tx: Tx, entitlementId: string) {
  await tx
    .updateTable('assistance_entitlement_members')
    .set({ active: false })
    .where('entitlement_id', '=', entitlementId)
    .execute();
}

/** The latest period paid (or being paid) to a beneficiary under a programme; failed payments do not count. */
export async function lastPaidPeriod(db: Executor, beneficiaryId: string, programme: string) {
  const last = await db
    .selectFrom('payments')
    .select(sql<string | null>`max(period)::text`.as('m'))
    .where('beneficiary_id', '=', beneficiaryId)
    .where('programme', '=', programme)
    .where('status', '<>', 'failed')
    .executeTakeFirst();
  return last?.m ?? null;
}

export async function insertEntitlementChange(tx: Tx, values: Insertable<AssistanceEntitlementChangesTable>) {
  await tx.insertInto('assistance_entitlement_changes').values(values).execute();
}

/** The issuing department's name and phone, for a notice's letterhead and footer. */
export async function departmentLetterhead(db: Executor, departmentId: string) {
  return db
    .selectFrom('departments')
    .select(['name', 'phone'])
    .where('id', '=', departmentId)
    .executeTakeFirstOrThrow();
}

/** The amount and frequency of these entitlements (for another module's list: care shows what it pays). */
export async function listEntitlementTerms(db: Executor, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('assistance_entitlements')
    .select(['id', 'amount_fen', 'frequency'])
    .where('id', 'in', ids)
    .execute();
}

/** Which of these households have an active entitlement of one of these programmes. */
export async function householdsWithActive(
  db: Executor,
  householdIds: readonly string[],
  programmes: readonly string[],
) {
  if (!householdIds.length) return [];
  return db
    .selectFrom('assistance_entitlements')
    .select('household_id')
    .distinct()
    .where('household_id', 'in', householdIds)
    .where('programme', 'in', programmes)
    .where('status', '=', 'active')
    .execute();
}
