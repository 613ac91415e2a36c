import type { ColumnType, Generated } from 'kysely';
import type { DateString, Json, Timestamp } from '../../core/db/schema.ts';

export interface AssistanceRuleVersionsTable {
  id: Generated<string>;
  programme: string;
  division_code: string;
  effective_from: DateString;
  rule: unknown;
  basis: string;
  created_at: Generated<Date>;
  created_by: string;
}

/** The tables of the assistance and care modules (migrations 009, 011–013): 低保, payments, 优抚, funds, work records. */
export interface AssistanceOnlineApplicationsTable {
  id: Generated<string>;
  programme: string;
  person_id: string;
  household_id: string;
  division_code: string;
  resident_phone_bidx: Buffer;
  reason: string;
  bank_name: string | null;
  account_enc: Buffer | null;
  account_masked: string | null;
  submitted_at: Generated<Date>;
  filed_by: 'applicant' | 'householdMember' | 'agent' | null;
  filer_person_id: string | null;
  filer_agent_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AssistanceObjectionsTable {
  id: Generated<string>;
  case_id: string;
  text: string;
  contact_name: string | null;
  contact_phone_enc: Buffer | null;
  contact_phone_masked: string | null;
  filed_at: Generated<Date>;
  answered_at: Date | null;
  answered_by: string | null;
  answer: string | null;
}

export interface AssistanceEntitlementsTable {
  id: Generated<string>;
  programme: string;
  household_id: string;
  beneficiary_id: string;
  case_id: string | null;
  division_code: string;
  // bigint: read as a number (core/db/database.ts parses int8)
  rule_version_id: ColumnType<number, number | string, number | string>;
  inputs: Json;
  computation: Json;
  amount_fen: number;
  frequency: Generated<'monthly' | 'quarterly' | 'yearly'>;
  class_code: string;
  start_month: DateString;
  last_month: DateString | null;
  status: Generated<'active' | 'suspended' | 'terminated'>;
  suspended_from: DateString | null;
  next_reverification: DateString;
  payee_name: string;
  bank_name: string | null;
  account_enc: Buffer | null;
  account_masked: string | null;
  account_changed_at: Date | null;
  account_verified_at: Date | null;
  account_verified_by: string | null;
  account_verified_against: 'bankCard' | 'passbook' | 'staffEntry' | null;
  version: Generated<number>;
  created_at: Generated<Date>;
}

export interface AssistanceEntitlementMembersTable {
  entitlement_id: string;
  person_id: string;
  active: Generated<boolean>;
}

export interface AssistanceEntitlementChangesTable {
  // bigserial: read as a number
  id: Generated<number>;
  entitlement_id: string;
  kind: 'enrol' | 'increase' | 'decrease' | 'suspend' | 'resume' | 'terminate' | 'account' | 'reverify';
  effective_month: DateString;
  amount_before_fen: number | null;
  amount_after_fen: number | null;
  reason: string;
  actor_id: string | null;
  actor_name: string;
  at: Generated<Date>;
  document_id: string | null;
}

export interface PaymentCyclesTable {
  id: Generated<string>;
  number: string;
  programme: string;
  division_code: string;
  period: DateString;
  status: Generated<'draft' | 'approved'>;
  payment_count: number;
  // bigint: read as a number
  total_fen: ColumnType<number, number | string, number | string>;
  prepared_by: string;
  prepared_at: Timestamp;
  approved_by: string | null;
  approved_at: Date | null;
}

export interface PaymentFilesTable {
  id: Generated<string>;
  cycle_id: string;
  seq: number;
  bank_template: string | null;
  payment_count: number;
  // bigint: read as a number
  total_fen: ColumnType<number, number | string, number | string>;
  exported_by: string | null;
  exported_at: Date | null;
  returned_at: Date | null;
  return_file_hash: string | null;
}

export interface PaymentsTable {
  // bigserial: read as a number
  id: Generated<number>;
  cycle_id: string;
  file_id: string | null;
  entitlement_id: string;
  household_id: string;
  beneficiary_id: string;
  programme: string;
  period: DateString;
  amount_fen: number;
  reference: string;
  payee_name: string;
  bank_name: string | null;
  account_enc: Buffer | null;
  status: Generated<'pending' | 'paid' | 'failed'>;
  failure_reason: string | null;
  reissue_of: number | null;
  settled_at: Date | null;
}

export interface AssistanceBudgetsTable {
  programme: string;
  division_code: string;
  year: number;
  // bigint: read as numbers
  budget_fen: ColumnType<number, number | string, number | string>;
  working_funds_fen: ColumnType<number, number | string | undefined, number | string>;
  general_revenue_fen: ColumnType<number | null, number | string | null | undefined, number | string | null>;
  basis: string;
  set_by: string;
  set_at: Timestamp;
}

export interface AssistanceWorkRecordsTable {
  // bigserial: read as a number
  id: Generated<number>;
  person_id: string;
  division_code: string;
  kind: 'publicWelfareLabour' | 'trainingReferral' | 'training' | 'employment';
  on_date: DateString;
  hours: number | null;
  organisation: string | null;
  notes: string;
  outcome: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Timestamp;
}

/** The assistance tables (migrations 008, 009, 012, 013, 023_verified_accounts, 025_person_agents_filer): rules, 低保, payments, funds, work records. */
declare module '../../core/db/schema.ts' {
  interface Tables {
    assistance_rule_versions: AssistanceRuleVersionsTable;
    assistance_online_applications: AssistanceOnlineApplicationsTable;
    assistance_objections: AssistanceObjectionsTable;
    assistance_entitlements: AssistanceEntitlementsTable;
    assistance_entitlement_members: AssistanceEntitlementMembersTable;
    assistance_entitlement_changes: AssistanceEntitlementChangesTable;
    payment_cycles: PaymentCyclesTable;
    payment_files: PaymentFilesTable;
    payments: PaymentsTable;
    assistance_budgets: AssistanceBudgetsTable;
    assistance_work_records: AssistanceWorkRecordsTable;
  }
}
