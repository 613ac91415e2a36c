import { sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { Assessment, Investigation } from './investigation.ts';

// The reads below without a scope serve the 低保 case hooks, which run after the case engine checked the
// actor's reach on the case; reads a user asks for directly (…InScope) take the scope in the query.

export async function householdMemberIds(db: Executor, householdId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('household_members')
    .select('person_id')
    .where('household_id', '=', householdId)
    .orderBy('person_id')
    .execute();
  return rows.map((r) => r.person_id);
}

/** The first of these persons already counted in an active allowance household, with that household. */
export async function findActiveMembership(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return undefined;
  const row = await db
    .selectFrom('assistance_entitlement_members as m')
    .innerJoin('assistance_entitlements as e', 'e.id', 'm.entitlement_id')
    .innerJoin('households as h', 'h.id', 'e.household_id')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['e.id as entitlementId', 'h.number as householdNumber', 'e.programme', 'p.name as personName'])
    .where('m.active', '=', true)
    .where('m.person_id', 'in', personIds)
    .executeTakeFirst();
  return row;
}

export async function openObjectionCount(db: Executor, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('assistance_objections')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('case_id', '=', caseId)
    .where('answered_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function answerObjections(tx: Tx, caseId: string, userId: string, answer: string, at: Date) {
  await tx
    .updateTable('assistance_objections')
    .set({ answered_at: at, answered_by: userId, answer })
    .where('case_id', '=', caseId)
    .where('answered_at', 'is', null)
    .execute();
}

export interface Enrolment {
  caseId: string;
  householdId: string;
  divisionCode: string;
  assessment: Assessment;
  investigation: Investigation;
  classCode: string;
  startMonth: string;
  nextReverification: string;
  onlineApplicationId: string | null;
  actorId: string;
  actorName: string;
  at: Date;
}

/** The entitlement an approval creates: amount, rule version and inputs as investigated; the head as payee. */
export async function enrolHousehold(tx: Tx, e: Enrolment) {
  const head = await tx
    .selectFrom('household_members as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select('p.name')
    .where('m.household_id', '=', e.householdId)
    .where('m.relation', '=', 'head')
    .executeTakeFirstOrThrow();
  const online = e.onlineApplicationId
    ? await tx
        .selectFrom('assistance_online_applications')
        .select(['bank_name', 'account_enc', 'account_masked'])
        .where('id', '=', e.onlineApplicationId)
        .executeTakeFirst()
    : undefined;
  const id = await insertEntitlement(tx, {
    programme: e.assessment.programme,
    householdId: e.householdId,
    beneficiaryId: e.householdId,
    caseId: e.caseId,
    divisionCode: e.divisionCode,
    ruleVersionId: e.assessment.ruleVersionId,
    inputs: {
      members: e.assessment.members,
      months: e.investigation.months,
      members_incomes: e.investigation.members,
      assets: e.investigation.assets,
    },
    computation: e.assessment,
    amountFen: e.assessment.monthlyAmountFen,
    frequency: 'monthly',
    classCode: e.classCode,
    startMonth: e.startMonth,
    nextReverification: e.nextReverification,
    payeeName: head.name,
    account: online ? { bankName: online.bank_name, enc: online.account_enc, masked: online.account_masked } : null,
    memberIds: e.investigation.members.map((m) => m.personId),
    reason: '审批纳入保障',
    actorId: e.actorId,
    actorName: e.actorName,
    at: e.at,
  });
  return id;
}

export interface NewEntitlement {
  programme: string;
  householdId: string;
  beneficiaryId: string;
  caseId: string | null;
  divisionCode: string;
  ruleVersionId: string;
  inputs: unknown;
  computation: unknown;
  amountFen: number;
  frequency: 'monthly' | 'quarterly' | 'yearly';
  classCode: string;
  startMonth: string;
  nextReverification: string;
  /** typedByStaff: keyed in by the acting member of staff from the document presented, so verified by them; otherwise (an account typed on the portal) unverified and not paid */
  payeeName: string;
  account: { bankName: string | null; enc: Buffer | null; masked: string | null; typedByStaff?: boolean } | null;
  memberIds: string[];
  reason: string;
  actorId: string;
  actorName: string;
  at: Date;
}

/** An entitlement of any programme, its counted members and its first change (enrolment), in the caller's transaction. */
export async function insertEntitlement(tx: Tx, n: NewEntitlement): Promise<string> {
  const entitlement = await tx
    .insertInto('assistance_entitlements')
    .values({
      programme: n.programme,
      household_id: n.householdId,
      beneficiary_id: n.beneficiaryId,
      case_id: n.caseId,
      division_code: n.divisionCode,
      rule_version_id: n.ruleVersionId,
      inputs: JSON.stringify(n.inputs),
      computation: JSON.stringify(n.computation),
      amount_fen: n.amountFen,
      frequency: n.frequency,
      class_code: n.classCode,
      start_month: n.startMonth,
      next_reverification: n.nextReverification,
      payee_name: n.payeeName,
      bank_name: n.account?.bankName ?? null,
      account_enc: n.account?.enc ?? null,
      account_masked: n.account?.masked ?? null,
      account_changed_at: n.account?.enc ? n.at : null,
      ...(n.account?.enc && n.account.typedByStaff
        ? { account_verified_at: n.at, account_verified_by: n.actorId, account_verified_against: 'staffEntry' as const }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // for 低保 the unique index on active members is the last word if two approvals race
  if (n.memberIds.length)
    await tx
      .insertInto('assistance_entitlement_members')
      .values(n.memberIds.map((p) => ({ entitlement_id: entitlement.id, person_id: p })))
      .execute();
  await tx
    .insertInto('assistance_entitlement_changes')
    .values({
      entitlement_id: entitlement.id,
      kind: 'enrol',
      effective_month: n.startMonth,
      amount_before_fen: null,
      amount_after_fen: n.amountFen,
      reason: n.reason,
      actor_id: n.actorId,
      actor_name: n.actorName,
      at: n.at,
    })
    .execute();
  return entitlement.id;
}

export async function openApplicationOf(db: Executor, householdId: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'number'])
    .where('type_code', '=', 'minimum_allowance')
    .where('subject_id', '=', householdId)
    .where('is_open', '=', true)
    .executeTakeFirst();
}

export async function onlineApplicationOf(db: Executor, id: string, householdId: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return db
    .selectFrom('assistance_online_applications')
    .select('id')
    .where('id', '=', id)
    .where('household_id', '=', householdId)
    .executeTakeFirst();
}

/** Online applications in the scope that no case has taken up yet. */
export async function pendingOnlineApplicationsInScope(db: Executor, scope: Scope) {
  return db
    .selectFrom('assistance_online_applications as a')
    .innerJoin('persons as p', 'p.id', 'a.person_id')
    .innerJoin('households as h', 'h.id', 'a.household_id')
    .innerJoin('divisions as d', 'd.code', 'a.division_code')
    .select([
      'a.id',
      'a.programme',
      'a.reason',
      'a.bank_name',
      'a.account_masked',
      'a.submitted_at',
      'a.filed_by',
      'p.name as applicant',
      'p.id_number_masked',
      'h.number as householdNumber',
      'h.id as householdId',
      'd.name as divisionName',
    ])
    .where(inScope(scope, { division: 'a.division_code' }))
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM cases c WHERE c.type_code = 'minimum_allowance' AND c.data->>'onlineApplicationId' = a.id::text)`,
    )
    .orderBy('a.submitted_at')
    .limit(200)
    .execute();
}

/** An online application with its applicant and her relation in the household, only inside the scope. */
export async function findOnlineApplicationInScope(db: Executor, id: string, scope: Scope) {
  return db
    .selectFrom('assistance_online_applications as a')
    .innerJoin('persons as p', 'p.id', 'a.person_id')
    .innerJoin('household_members as m', 'm.person_id', 'a.person_id')
    .select(['a.id', 'a.programme', 'a.reason', 'a.household_id', 'p.name', 'm.relation'])
    .where('a.id', '=', id)
    .where(inScope(scope, { division: 'a.division_code' }))
    .executeTakeFirst();
}

/** Objections against a case's notice (phone masked), only when the case is inside the scope. */
export async function objectionsOfCaseInScope(db: Executor, caseId: string, scope: Scope) {
  return db
    .selectFrom('assistance_objections as o')
    .innerJoin('cases as c', 'c.id', 'o.case_id')
    .select(['o.id', 'o.text', 'o.contact_name', 'o.contact_phone_masked', 'o.filed_at', 'o.answered_at', 'o.answer'])
    .where('o.case_id', '=', caseId)
    .where(
      inScope(scope, {
        department: 'c.owning_department_id',
        assisting: 'c.assisting_department_ids',
        division: 'c.division_code',
      }),
    )
    .orderBy('o.filed_at')
    .execute();
}

/** The household row is the lock: two workers taking up the same application, one wins. */
export async function lockHousehold(tx: Tx, householdId: string) {
  await tx.selectFrom('households').select('id').where('id', '=', householdId).forUpdate().executeTakeFirstOrThrow();
}

/** A household's live (not terminated) entitlement under one of these programmes, if any. */
export async function findLiveEntitlementOf(db: Executor, householdId: string, programmes: readonly string[]) {
  return db
    .selectFrom('assistance_entitlements')
    .select(['id', 'programme'])
    .where('beneficiary_id', '=', householdId)
    .where('programme', 'in', [...programmes])
    .where('status', '<>', 'terminated')
    .executeTakeFirst();
}
