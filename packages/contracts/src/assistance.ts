import { z } from 'zod';
import {
  AllowanceProgramme,
  ChangeAccount,
  ChangeRecorded,
  EntitlementChange,
  EntitlementDetail,
  EntitlementFilter,
  EntitlementPage,
  NewWorkRecord,
  Programme,
  RewardEligible,
  VerifyAccount,
  WorkRecord,
  WorkRecordFilter,
} from './assistance-entitlements.ts';
import { NewRuleVersion, RuleInForceQuery, StoredRule } from './assistance-rules.ts';
import { CaseCommandResult } from './cases.ts';
import { CalendarDate } from './dates.ts';
import { Created, defineEndpoint, Instant } from './endpoint.ts';
import { Fen } from './money.ts';

/**
 * 低保 and the programmes paid through the same machinery: rule versions, the staff side of online
 * applications and notices, enrolled households (entitlements) and their changes, the family-planning
 * reward, work and training records, and the portal's notices and applications. Rows keep the database's
 * column names (snake_case) the console has always read. Money is integer fen; the payments are in
 * assistance-payments.ts.
 */
const tags = ['assistance'];
const byId = z.object({ id: z.uuid() });
const idempotent = z.object({ 'idempotency-key': z.string().optional() }).loose();

// ── online applications and objections, the staff side
export const OnlineApplication = z.object({
  id: z.string(),
  programme: z.string(),
  reason: z.string(),
  bank_name: z.string().nullable(),
  account_masked: z.string().nullable(),
  submitted_at: Instant,
  filed_by: z.enum(['applicant', 'householdMember', 'agent']).nullable(),
  applicant: z.string(),
  id_number_masked: z.string(),
  householdNumber: z.string(),
  householdId: z.string(),
  divisionName: z.string(),
});
export type OnlineApplication = z.infer<typeof OnlineApplication>;

export const Objection = z.object({
  id: z.string(),
  text: z.string(),
  contact_name: z.string().nullable(),
  contact_phone_masked: z.string().nullable(),
  filed_at: Instant,
  answered_at: Instant.nullable(),
  answer: z.string().nullable(),
});
export type Objection = z.infer<typeof Objection>;

// ── the portal (no staff session)
export const PublicNotice = z.object({
  caseNumber: z.string(),
  divisionName: z.string(),
  /** masked */
  applicant: z.string(),
  members: z.number().int(),
  monthlyAmountFen: Fen,
  noticeFrom: CalendarDate,
  noticeUntil: CalendarDate,
  /** the owning department's phone, for questions */
  phone: z.string().nullable(),
});
export type PublicNotice = z.infer<typeof PublicNotice>;

export const NewObjection = z.object({
  text: z.string().max(2000),
  name: z.string().max(40).optional(),
  phone: z.string().max(20).optional(),
});
export type NewObjection = z.infer<typeof NewObjection>;

export const OnlineApplicationInput = z.object({
  programme: AllowanceProgramme,
  idNumber: z.string().max(20),
  reason: z.string().max(2000),
  bankName: z.string().max(60).optional(),
  account: z.string().max(40).optional(),
});
export type OnlineApplicationInput = z.infer<typeof OnlineApplicationInput>;

export const MyApplication = z.object({
  id: z.string(),
  programme: z.string(),
  submittedAt: Instant,
  caseNumber: z.string().nullable(),
  queryCode: z.string().nullable(),
  /** the case's status, or `submitted` until a worker takes it up */
  status: z.string(),
  dueDate: CalendarDate.nullable(),
});
export type MyApplication = z.infer<typeof MyApplication>;

export const assistance = {
  addRule: defineEndpoint({
    method: 'POST',
    path: '/assistance/rules',
    tags,
    summary: '新增救助规则版本 Add a rule version (standard, incomes, rounding, classes); versions are never edited',
    body: NewRuleVersion,
    response: Created,
    status: 201,
  }),
  ruleInForce: defineEndpoint({
    method: 'GET',
    path: '/assistance/rules/in-force',
    tags,
    summary: '现行规则 The rule version in force for a division on a day',
    query: RuleInForceQuery,
    response: StoredRule,
  }),
  onlineApplications: defineEndpoint({
    method: 'GET',
    path: '/assistance/online-applications',
    tags,
    summary: '待受理的网上申请 Online applications waiting to be taken up',
    response: z.array(OnlineApplication),
  }),
  takeUp: defineEndpoint({
    method: 'POST',
    path: '/assistance/online-applications/:id/take-up',
    tags,
    summary: '受理网上申请 Open the case from an online application',
    params: byId,
    headers: idempotent,
    response: CaseCommandResult,
    status: 201,
  }),
  objections: defineEndpoint({
    method: 'GET',
    path: '/assistance/cases/:id/objections',
    tags,
    summary: "公示异议 Objections filed against a case's notice",
    params: byId,
    response: z.array(Objection),
  }),
  entitlements: defineEndpoint({
    method: 'GET',
    path: '/assistance/entitlements',
    tags,
    summary: '保障对象 Enrolled households',
    query: EntitlementFilter,
    response: EntitlementPage,
  }),
  entitlement: defineEndpoint({
    method: 'GET',
    path: '/assistance/entitlements/:id',
    tags,
    summary: '保障对象详情与台账 An entitlement with its members, changes and payment ledger',
    params: byId,
    response: EntitlementDetail,
  }),
  changeAccount: defineEndpoint({
    method: 'PUT',
    path: '/assistance/entitlements/:id/account',
    tags,
    summary: '更正收款账户 Change the account paid to',
    params: byId,
    body: ChangeAccount,
    response: ChangeRecorded,
  }),
  verifyAccount: defineEndpoint({
    method: 'POST',
    path: '/assistance/entitlements/:id/account/verify',
    tags,
    summary:
      "核对收款账户 Verify an account typed on the portal against the payee's own bank card or passbook (typed again from it); unverified accounts are not paid",
    params: byId,
    body: VerifyAccount,
    response: ChangeRecorded,
  }),
  change: defineEndpoint({
    method: 'POST',
    path: '/assistance/entitlements/:id/changes',
    tags,
    summary: '增发、减发、停发、恢复、终止 Change an entitlement, with its notice',
    params: byId,
    body: EntitlementChange,
    response: ChangeRecorded,
    status: 201,
  }),
  programmes: defineEndpoint({
    method: 'GET',
    path: '/assistance/programmes',
    tags,
    summary: '救助项目 Programmes paid through the cycles: who is paid and how often',
    response: z.array(Programme),
  }),
  rewardEligible: defineEndpoint({
    method: 'GET',
    path: '/assistance/family-planning/eligible',
    tags,
    summary: '计生奖励扶助 Persons the measure finds in the registry, not yet enrolled, for review',
    response: RewardEligible,
  }),
  rewardEnrol: defineEndpoint({
    method: 'POST',
    path: '/assistance/family-planning/enrol',
    tags,
    summary: '纳入奖励扶助 Enrol the persons chosen from the list (each checked again)',
    body: z.object({ personIds: z.array(z.uuid()).max(500) }),
    response: z.object({ enrolled: z.number().int(), refused: z.array(z.string()) }),
    status: 201,
  }),
  workRecords: defineEndpoint({
    method: 'GET',
    path: '/assistance/work-records',
    tags,
    summary: '劳动与就业台账 Public-welfare labour, training referrals, training, employment',
    query: WorkRecordFilter,
    response: z.array(WorkRecord),
  }),
  addWorkRecord: defineEndpoint({
    method: 'POST',
    path: '/assistance/work-records',
    tags,
    summary: '登记劳动、培训或就业 Record labour, a referral, training or employment',
    body: NewWorkRecord,
    response: Created,
    status: 201,
  }),
  notices: defineEndpoint({
    method: 'GET',
    path: '/public/assistance/notices',
    tags: ['public'],
    summary: '低保公示 Households on public notice now (names masked)',
    query: z.object({
      division: z
        .string()
        .regex(/^\d{6,12}$/)
        .optional(),
    }),
    response: z.array(PublicNotice),
  }),
  fileObjection: defineEndpoint({
    method: 'POST',
    path: '/public/assistance/notices/:number/objections',
    tags: ['public'],
    summary: '提出异议 File an objection during the notice',
    params: z.object({ number: z.string().max(40) }),
    body: NewObjection,
    response: z.object({ id: z.string(), filedAt: Instant }),
    status: 201,
  }),
  apply: defineEndpoint({
    method: 'POST',
    path: '/public/assistance/applications',
    tags: ['public'],
    summary: '网上申请低保 Apply online (signed-in resident)',
    body: OnlineApplicationInput,
    response: z.object({
      id: z.string(),
      submittedAt: Instant,
      /** an account typed here is paid once a clerk has checked it against the applicant's own card */
      accountVerification: z.literal('pending').nullable(),
    }),
    status: 201,
  }),
  myApplications: defineEndpoint({
    method: 'GET',
    path: '/public/assistance/applications',
    tags: ['public'],
    summary: '我的申请 My applications and where they stand',
    response: z.array(MyApplication),
  }),
};
