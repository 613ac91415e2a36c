import type { Generated } from 'kysely';
import type { Timestamp } from '../../core/db/schema.ts';

/** Migration 016: enterprise agency packages, their complaints; the duty rota and log. */
export interface AgencyPackagesTable {
  id: Generated<string>;
  number: string;
  organisation_id: string;
  project_name: string;
  department_id: string;
  agent_id: string;
  created_at: Timestamp;
  closed_at: Date | null;
  query_code: Generated<string>;
}

export interface AgencyPackageCasesTable {
  package_id: string;
  case_id: string;
  position: number;
}

export interface AgencyComplaintsTable {
  id: Generated<string>;
  package_id: string;
  text: string;
  contact_name: string | null;
  contact_phone_enc: Buffer | null;
  contact_phone_masked: string | null;
  filed_at: Timestamp;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

/** Enterprise agency packages and their complaints (migrations 016_agency, 024_query_codes_agency). */
declare module '../../core/db/schema.ts' {
  interface Tables {
    agency_packages: AgencyPackagesTable;
    agency_package_cases: AgencyPackageCasesTable;
    agency_complaints: AgencyComplaintsTable;
  }
}
