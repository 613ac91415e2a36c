import { z } from 'zod';
import { CalendarDate, CalendarMonth } from './dates.ts';
import { Created, defineEndpoint, Instant } from './endpoint.ts';

/**
 * 优抚: beneficiaries by category (paid through assistance's entitlements), the monthly visit on the 18th,
 * the five services and the health file, pairing assistance, and opinions sent from the portal by those away.
 * The rows keep the database's column names (snake_case) the console has always read.
 */
const tags = ['care'];

export const CareRecordKind = z.enum(['visit', 'sickCall', 'hardshipHelp', 'mediation', 'goodNews', 'health']);
export type CareRecordKind = z.infer<typeof CareRecordKind>;

const Frequency = z.enum(['monthly', 'quarterly', 'yearly']);

export const BeneficiaryFilter = z.object({
  category: z.string().max(40).optional(),
  search: z.string().max(40).optional(),
});
export type BeneficiaryFilter = z.infer<typeof BeneficiaryFilter>;

export const BeneficiaryRow = z.object({
  id: z.string(),
  category: z.string(),
  since: CalendarDate,
  status: z.enum(['active', 'ended']),
  working_away: z.boolean(),
  name: z.string(),
  id_number_masked: z.string(),
  householdNumber: z.string(),
  divisionName: z.string(),
  /** the entitlement's amount a period, and how often it is paid (null: no entitlement) */
  amount_fen: z.number().nullable(),
  frequency: Frequency.nullable(),
  /** the household is in an active minimum allowance (低保) too */
  alsoAllowance: z.boolean(),
});
export type BeneficiaryRow = z.infer<typeof BeneficiaryRow>;

export const RegisterBeneficiary = z.object({
  personId: z.uuid(),
  category: z.string().max(40),
  since: CalendarDate,
  phone: z.string().max(20).optional(),
  workingAway: z.boolean().optional(),
  bankName: z.string().max(60).optional(),
  account: z.string().max(40).optional(),
});
export type RegisterBeneficiary = z.infer<typeof RegisterBeneficiary>;

export const RegisteredBeneficiary = z.object({
  id: z.string(),
  entitlementId: z.string(),
  programme: z.enum(['preferentialCare', 'conscriptFamilyAllowance']),
  perPeriodFen: z.number(),
  frequency: Frequency,
});
export type RegisteredBeneficiary = z.infer<typeof RegisteredBeneficiary>;

/** 帮扶计划的五项: time, content, plan, goal, effect. */
export const PairingPlan = z.object({
  time: z.string().max(200),
  content: z.string().max(2000),
  plan: z.string().max(2000),
  goal: z.string().max(2000),
  effect: z.string().max(2000),
});
export type PairingPlan = z.infer<typeof PairingPlan>;

export const BeneficiaryDetail = z.object({
  id: z.string(),
  person_id: z.string(),
  category: z.string(),
  since: CalendarDate,
  status: z.enum(['active', 'ended']),
  working_away: z.boolean(),
  contact_phone_masked: z.string().nullable(),
  entitlement_id: z.string().nullable(),
  division_code: z.string(),
  name: z.string(),
  id_number_masked: z.string(),
  birth_date: CalendarDate,
  householdNumber: z.string(),
  records: z.array(
    z.object({
      id: z.number(),
      kind: CareRecordKind,
      on_date: CalendarDate,
      notes: z.string(),
      problem_solved: z.string().nullable(),
      recorded_by_name: z.string(),
    }),
  ),
  /** the last 24 months' visit tasks; `month` is the month's first day */
  tasks: z.array(z.object({ month: CalendarDate, visit_on: CalendarDate, record_id: z.number().nullable() })),
  pairings: z.array(
    z.object({
      id: z.string(),
      plan: PairingPlan,
      problem_solved: z.string().nullable(),
      created_at: Instant,
      cadre: z.string(),
    }),
  ),
});
export type BeneficiaryDetail = z.infer<typeof BeneficiaryDetail>;

export const CareRecordInput = z.object({
  kind: CareRecordKind,
  onDate: CalendarDate,
  notes: z.string().max(4000),
  problemSolved: z.string().max(2000).optional(),
});
export type CareRecordInput = z.infer<typeof CareRecordInput>;

export const PairingInput = z.object({
  cadreId: z.uuid(),
  plan: PairingPlan,
  problemSolved: z.string().max(2000).optional(),
});
export type PairingInput = z.infer<typeof PairingInput>;

export const VisitTask = z.object({
  beneficiary_id: z.string(),
  visit_on: CalendarDate,
  record_id: z.number().nullable(),
  category: z.string(),
  name: z.string(),
  divisionName: z.string(),
});
export type VisitTask = z.infer<typeof VisitTask>;

export const CareOpinion = z.object({
  id: z.string(),
  name: z.string(),
  /** 138****5678 */
  phone_masked: z.string(),
  text: z.string(),
  filed_at: Instant,
  answered_at: Instant.nullable(),
  answer: z.string().nullable(),
  divisionName: z.string(),
});
export type CareOpinion = z.infer<typeof CareOpinion>;

export const CareOpinionFiling = z.object({
  name: z.string().max(40),
  phone: z.string().max(20),
  divisionCode: z.string().max(15),
  text: z.string().max(2000),
});
export type CareOpinionFiling = z.infer<typeof CareOpinionFiling>;

const byId = z.object({ id: z.uuid() });
const ofMonth = z.object({ month: CalendarMonth });

export const care = {
  list: defineEndpoint({
    method: 'GET',
    path: '/care/beneficiaries',
    tags,
    summary: '优抚对象 Beneficiaries by category (with households also in 低保 marked)',
    query: BeneficiaryFilter,
    response: z.array(BeneficiaryRow),
  }),
  register: defineEndpoint({
    method: 'POST',
    path: '/care/beneficiaries',
    tags,
    summary: "登记优抚对象 Register a beneficiary; the category's standard is paid through the cycles",
    body: RegisterBeneficiary,
    response: RegisteredBeneficiary,
    status: 201,
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/care/beneficiaries/:id',
    tags,
    summary: '优抚对象详情 A beneficiary with records, visit tasks and pairings',
    params: byId,
    response: BeneficiaryDetail,
  }),
  addRecord: defineEndpoint({
    method: 'POST',
    path: '/care/beneficiaries/:id/records',
    tags,
    summary: '服务记录 Record a visit, one of the five services, or a health-file entry',
    params: byId,
    body: CareRecordInput,
    response: Created,
    status: 201,
  }),
  addPairing: defineEndpoint({
    method: 'POST',
    path: '/care/beneficiaries/:id/pairings',
    tags,
    summary: "结对帮扶 Pair a cadre with a beneficiary, with the plan's five points",
    params: byId,
    body: PairingInput,
    response: Created,
    status: 201,
  }),
  visitTasks: defineEndpoint({
    method: 'GET',
    path: '/care/visit-tasks',
    tags,
    summary: "走访任务 This month's visits, done and owed",
    query: ofMonth,
    response: z.array(VisitTask),
  }),
  makeVisitTasks: defineEndpoint({
    method: 'POST',
    path: '/care/visit-tasks',
    tags,
    summary: "生成走访任务 Make a month's visit tasks now (the worker does it on the 1st)",
    body: ofMonth,
    response: z.object({ made: z.number().int() }),
  }),
  opinions: defineEndpoint({
    method: 'GET',
    path: '/care/opinions',
    tags,
    summary: '外出人员意见反馈 Opinions sent from the portal',
    response: z.array(CareOpinion),
  }),
  fileOpinion: defineEndpoint({
    method: 'POST',
    path: '/public/care/opinions',
    tags: ['public'],
    summary: '意见反馈（外出务工的优抚对象及家属） Send an opinion from away',
    body: CareOpinionFiling,
    response: Created,
    status: 201,
  }),
};
