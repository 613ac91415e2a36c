import type { PairingPlan } from '@grassroots/contracts';
import type { Generated } from 'kysely';
import type { DateString, Json, Timestamp } from '../../core/db/schema.ts';

export interface CareBeneficiariesTable {
  id: Generated<string>;
  person_id: string;
  household_id: string;
  division_code: string;
  category: string;
  since: DateString;
  entitlement_id: string | null;
  status: Generated<'active' | 'ended'>;
  contact_phone_enc: Buffer | null;
  contact_phone_masked: string | null;
  working_away: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CareRecordsTable {
  // bigserial: read as a number (core/db/database.ts parses int8)
  id: Generated<number>;
  beneficiary_id: string;
  kind: 'visit' | 'sickCall' | 'hardshipHelp' | 'mediation' | 'goodNews' | 'health';
  on_date: DateString;
  notes: string;
  problem_solved: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Timestamp;
}

export interface CareVisitTasksTable {
  beneficiary_id: string;
  month: DateString;
  visit_on: DateString;
  record_id: number | null;
}

export interface CarePairingsTable {
  id: Generated<string>;
  beneficiary_id: string;
  cadre_id: string;
  plan: Json<PairingPlan>;
  problem_solved: string | null;
  created_at: Generated<Date>;
}

export interface CareOpinionsTable {
  id: Generated<string>;
  division_code: string;
  name: string;
  phone_enc: Buffer;
  phone_masked: string;
  text: string;
  filed_at: Generated<Date>;
  answered_at: Date | null;
  answer: string | null;
}

/** The care tables (migration 011): 优抚 beneficiaries, records, visits, pairings, opinions. */
declare module '../../core/db/schema.ts' {
  interface Tables {
    care_beneficiaries: CareBeneficiariesTable;
    care_records: CareRecordsTable;
    care_visit_tasks: CareVisitTasksTable;
    care_pairings: CarePairingsTable;
    care_opinions: CareOpinionsTable;
  }
}
