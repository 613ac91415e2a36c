import { sql } from 'kysely';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { Assessment, Investigation } from './investigation.ts';

export async function householdMemberIds(db: Executor, householdId: string): Promise<string[]> {
  const rows = await db.selectFrom('household_members').select('person_id').where('household_id', '=', householdId).orderBy('person_id').execute();
  return rows.map((r) => r.person_id);
}

/** The first of these persons already counted in an active allowance household, with that household. */
export async function findActiveMembership(db: Executor, personIds: string[]) {
  if (personIds.length === 0) return undefined;
  const row = await db.selectFrom('assistance_entitlement_members as m')
    .innerJoin('assistance_entitlements as e', 'e.id', 'm.entitlement_id')
    .innerJoin('households as h', 'h.id', 'e.household_id')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['e.id as entitlementId', 'h.number as householdNumber', 'e.programme', 'p.name as personName'])
    .where('m.active', '=', true).where('m.person_id', 'in', personIds)
    .executeTakeFirst();
  return row;
}

export async function openObjectionCount(db: Executor, caseId: string): Promise<number> {
  const row = await db.selectFrom('assistance_objections').select(sql<number>`count(*)::int`.as('n')).where('case_id', '=', caseId).where('answered_at', 'is', null).executeTakeFirstOrThrow();
  return row.n;
}

export async function answerObjections(tx: Tx, caseId: string, userId: string, answer: string, at: Date) {
  await tx.updateTable('assistance_objections').set({ answered_at: at, answered_by: userId, answer }).where('case_id', '=', caseId).where('answered_at', 'is', null).execute();
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
  const head = await tx.selectFrom('household_members as m').innerJoin('persons as p', 'p.id', 'm.person_id')
    .select('p.name').where('m.household_id', '=', e.householdId).where('m.relation', '=', 'head').executeTakeFirstOrThrow();
  const online = e.onlineApplicationId
    ? await tx.selectFrom('assistance_online_applications').select(['bank_name', 'account_enc', 'account_masked']).where('id', '=', e.onlineApplicationId).executeTakeFirst()
    : undefined;
  const entitlement = await tx.insertInto('assistance_entitlements').values({
    programme: e.assessment.programme, household_id: e.householdId, case_id: e.caseId, division_code: e.divisionCode, rule_version_id: e.assessment.ruleVersionId,
    inputs: JSON.stringify({ members: e.assessment.members, months: e.investigation.months, members_incomes: e.investigation.members, assets: e.investigation.assets }),
    computation: JSON.stringify(e.assessment), monthly_amount_fen: e.assessment.monthlyAmountFen, class_code: e.classCode, start_month: e.startMonth,
    next_reverification: e.nextReverification, payee_name: head.name, bank_name: online?.bank_name ?? null, account_enc: online?.account_enc ?? null,
    account_masked: online?.account_masked ?? null,
  }).returning('id').executeTakeFirstOrThrow();
  // the unique index on active members is the last word if two approvals race
  await tx.insertInto('assistance_entitlement_members').values(e.investigation.members.map((m) => ({ entitlement_id: entitlement.id, person_id: m.personId }))).execute();
  await tx.insertInto('assistance_entitlement_changes').values({
    entitlement_id: entitlement.id, kind: 'enrol', effective_month: e.startMonth, amount_before_fen: null, amount_after_fen: e.assessment.monthlyAmountFen,
    reason: '审批纳入保障', actor_id: e.actorId, actor_name: e.actorName, at: e.at,
  }).execute();
  return entitlement.id;
}

export async function openApplicationOf(db: Executor, householdId: string) {
  return db.selectFrom('cases').select(['id', 'number']).where('type_code', '=', 'minimum_allowance').where('subject_id', '=', householdId).where('is_open', '=', true).executeTakeFirst();
}

export async function onlineApplicationOf(db: Executor, id: string, householdId: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return db.selectFrom('assistance_online_applications').select('id').where('id', '=', id).where('household_id', '=', householdId).executeTakeFirst();
}
