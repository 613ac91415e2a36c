import { z } from 'zod';
import { CalendarDate } from './dates.ts';
import { Instant } from './endpoint.ts';
import { Fen } from './money.ts';

/**
 * The schemas of the programmes and their enrolled households (entitlements): the list, one household's
 * ledger, the changes that follow enrolment, the family-planning reward and the work and training records.
 * Their endpoints are in assistance.ts. Rows keep the database's column names (snake_case).
 */
/** Every programme paid through the cycles (低保, 优抚, 优待金, 计生奖励). */
export const ProgrammeCode = z.enum([
  'urbanMinimumAllowance',
  'ruralMinimumAllowance',
  'preferentialCare',
  'conscriptFamilyAllowance',
  'familyPlanningReward',
]);
export type ProgrammeCode = z.infer<typeof ProgrammeCode>;

/** The two 低保 programmes a resident may apply for. */
export const AllowanceProgramme = z.enum(['urbanMinimumAllowance', 'ruralMinimumAllowance']);
export type AllowanceProgramme = z.infer<typeof AllowanceProgramme>;

export const Programme = z.object({
  code: ProgrammeCode,
  name: z.string(),
  nameEn: z.string(),
  frequency: z.enum(['monthly', 'quarterly', 'yearly']),
  beneficiary: z.enum(['household', 'person']),
});
export type Programme = z.infer<typeof Programme>;

// ── entitlements
export const EntitlementStatus = z.enum(['active', 'suspended', 'terminated']);
export type EntitlementStatus = z.infer<typeof EntitlementStatus>;

export const EntitlementFilter = z.object({
  programme: ProgrammeCode.optional(),
  status: EntitlementStatus.optional(),
  search: z.string().max(40).optional(),
  cursor: z.uuid().optional(),
});
export type EntitlementFilter = z.infer<typeof EntitlementFilter>;

export const EntitlementRow = z.object({
  id: z.string(),
  programme: z.string(),
  status: EntitlementStatus,
  amount_fen: Fen,
  class_code: z.string(),
  start_month: CalendarDate,
  next_reverification: CalendarDate,
  payee_name: z.string(),
  account_masked: z.string().nullable(),
  account_verified_at: Instant.nullable(),
  householdNumber: z.string(),
  divisionName: z.string(),
  /** members counted (active) */
  members: z.number().int(),
});
export type EntitlementRow = z.infer<typeof EntitlementRow>;

export const EntitlementPage = z.object({ items: z.array(EntitlementRow), nextCursor: z.string().nullable() });
export type EntitlementPage = z.infer<typeof EntitlementPage>;

export const ChangeKind = z.enum([
  'enrol',
  'increase',
  'decrease',
  'suspend',
  'resume',
  'terminate',
  'account',
  'reverify',
]);
export type ChangeKind = z.infer<typeof ChangeKind>;

export const PaymentStatus = z.enum(['pending', 'paid', 'failed']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const EntitlementDetail = z.object({
  id: z.string(),
  programme: z.string(),
  status: EntitlementStatus,
  amount_fen: Fen,
  class_code: z.string(),
  start_month: CalendarDate,
  last_month: CalendarDate.nullable(),
  suspended_from: CalendarDate.nullable(),
  next_reverification: CalendarDate,
  payee_name: z.string(),
  bank_name: z.string().nullable(),
  account_masked: z.string().nullable(),
  account_verified_at: Instant.nullable(),
  account_verified_against: z.enum(['bankCard', 'passbook', 'staffEntry']).nullable(),
  accountVerifiedByName: z.string().nullable(),
  rule_version_id: z.number(),
  /** what the amount was computed from (the investigation's members, incomes and assets; a reward's birth date) */
  inputs: z.unknown(),
  /** how it was computed; a 低保 computation explains itself step by step */
  computation: z.looseObject({ explanation: z.array(z.string()).optional() }),
  version: z.number().int(),
  division_code: z.string(),
  householdNumber: z.string(),
  householdId: z.string(),
  caseNumber: z.string().nullable(),
  caseId: z.string().nullable(),
  members: z.array(z.object({ id: z.string(), name: z.string(), id_number_masked: z.string(), active: z.boolean() })),
  changes: z.array(
    z.object({
      id: z.number(),
      kind: ChangeKind,
      effective_month: CalendarDate,
      amount_before_fen: Fen.nullable(),
      amount_after_fen: Fen.nullable(),
      reason: z.string(),
      actor_name: z.string(),
      at: Instant,
      document_id: z.string().nullable(),
    }),
  ),
  /** the payments made (台账), latest period first */
  ledger: z.array(
    z.object({
      id: z.number(),
      period: CalendarDate,
      amount_fen: Fen,
      status: PaymentStatus,
      reference: z.string(),
      failure_reason: z.string().nullable(),
      settled_at: Instant.nullable(),
      reissue_of: z.number().nullable(),
      cycleNumber: z.string(),
    }),
  ),
});
export type EntitlementDetail = z.infer<typeof EntitlementDetail>;

export const ChangeAccount = z.object({
  bankName: z.string().max(60),
  account: z.string().max(40),
  expectedVersion: z.number().int(),
});
export type ChangeAccount = z.infer<typeof ChangeAccount>;

export const VerifyAccount = z.object({
  account: z.string().max(40),
  against: z.enum(['bankCard', 'passbook']),
  expectedVersion: z.number().int(),
});
export type VerifyAccount = z.infer<typeof VerifyAccount>;

export const EntitlementChange = z.object({
  kind: z.enum(['increase', 'decrease', 'suspend', 'resume', 'terminate']),
  amountFen: z.number().int().optional(),
  reason: z.string().max(500),
  expectedVersion: z.number().int(),
});
export type EntitlementChange = z.infer<typeof EntitlementChange>;

/** A change recorded: the entitlement's new version, the month it takes effect, and its notice (none for an account). */
export const ChangeRecorded = z.object({
  id: z.string(),
  version: z.number().int(),
  effectiveMonth: CalendarDate,
  document: z
    .object({
      id: z.string(),
      number: z.string(),
      kind: z.string(),
      title: z.string(),
      verificationCode: z.string(),
    })
    .nullable(),
});
export type ChangeRecorded = z.infer<typeof ChangeRecorded>;

// ── family-planning reward, work and training
export const RewardEligible = z.object({
  measure: z.object({ id: z.string(), minAge: z.number().int(), monthlyFen: Fen, basis: z.string() }),
  people: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      id_number_masked: z.string(),
      birth_date: CalendarDate,
      division_code: z.string(),
      divisionName: z.string(),
      householdNumber: z.string(),
      householdId: z.string(),
    }),
  ),
});
export type RewardEligible = z.infer<typeof RewardEligible>;

export const WorkKind = z.enum(['publicWelfareLabour', 'trainingReferral', 'training', 'employment']);
export type WorkKind = z.infer<typeof WorkKind>;

export const WorkRecordFilter = z.object({ personId: z.uuid().optional(), kind: WorkKind.optional() });
export type WorkRecordFilter = z.infer<typeof WorkRecordFilter>;

export const WorkRecord = z.object({
  id: z.number(),
  person_id: z.string(),
  name: z.string(),
  kind: WorkKind,
  on_date: CalendarDate,
  hours: z.number().int().nullable(),
  organisation: z.string().nullable(),
  notes: z.string(),
  outcome: z.string().nullable(),
  recorded_by_name: z.string(),
});
export type WorkRecord = z.infer<typeof WorkRecord>;

export const NewWorkRecord = z.object({
  personId: z.uuid(),
  kind: WorkKind,
  onDate: CalendarDate,
  hours: z.number().int().min(1).max(300).optional(),
  organisation: z.string().max(100).optional(),
  notes: z.string().max(2000),
  outcome: z.string().max(500).optional(),
});
export type NewWorkRecord = z.infer<typeof NewWorkRecord>;
