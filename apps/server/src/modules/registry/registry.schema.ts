import type { ColumnType, Generated } from 'kysely';
import type { DateString, Json } from '../../core/db/schema.ts';

export interface PersonsTable {
  id: Generated<string>;
  id_number_enc: Buffer;
  id_number_bidx: Buffer;
  id_number_masked: string;
  name: string;
  sex: 'male' | 'female';
  birth_date: DateString;
  ethnicity: string | null;
  phone_enc: Buffer | null;
  phone_bidx: Buffer | null;
  phone_masked: string | null;
  registered_address: string | null;
  residence_address: string | null;
  residence_type: Generated<'resident' | 'floating'>;
  marital_status: string | null;
  disability_grade: number | null;
  is_veteran: Generated<boolean>;
  division_code: string;
  provenance: Json<Record<string, { source: string; at: string; importId?: string }>>;
  search_text: Generated<string>;
  search_tokens: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface HouseholdsTable {
  id: Generated<string>;
  number: string;
  division_code: string;
  address: string;
  created_at: Generated<Date>;
}

export interface HouseholdMembersTable {
  household_id: string;
  person_id: string;
  relation: string;
}

export interface RegistryConflictsTable {
  id: Generated<string>;
  person_id: string;
  field: string;
  current_value: string | null;
  incoming_value: string | null;
  source: string;
  import_id: string | null;
  status: Generated<'open' | 'accepted' | 'rejected'>;
  created_at: Generated<Date>;
}

export interface ImportsTable {
  id: Generated<string>;
  kind: string;
  source: string;
  file_name: string;
  file_hash: string;
  mode: 'all_or_nothing' | 'good_rows';
  status: string;
  total_rows: Generated<number>;
  inserted_rows: Generated<number>;
  updated_rows: Generated<number>;
  unchanged_rows: Generated<number>;
  bad_rows: Generated<number>;
  conflicts: Generated<number>;
  errors: Json<Array<{ line: number; field: string; reason: string }>>;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** Agents (委托代理人) registered for a person (migration 025). */
export interface PersonAgentsTable {
  id: Generated<string>;
  person_id: string;
  name: string;
  phone_enc: Buffer;
  phone_bidx: Buffer;
  phone_masked: string;
  relationship: string;
  document: string;
  valid_until: DateString;
  registered_by: string;
  registered_at: Generated<Date>;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

/** The registry's tables (migrations 001_registry, 025_person_agents): persons, households, conflicts, imports, agents. */
declare module '../../core/db/schema.ts' {
  interface Tables {
    persons: PersonsTable;
    households: HouseholdsTable;
    household_members: HouseholdMembersTable;
    registry_conflicts: RegistryConflictsTable;
    imports: ImportsTable;
    person_agents: PersonAgentsTable;
  }
}
