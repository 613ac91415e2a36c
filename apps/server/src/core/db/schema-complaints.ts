import type { Generated } from 'kysely';
import type { Json, Timestamp } from './schema.ts';

/** Migration 017: complaints and petitions. */
export interface ComplaintCategoriesTable {
  code: string;
  name: string;
  parent_code: string | null;
  description: Generated<string>;
  position: Generated<number>;
  public: Generated<boolean>;
}
export interface ComplaintRoutesTable {
  category_code: string;
  lead_department_id: string;
  assisting_department_ids: Generated<string[]>;
}
export interface ComplaintsTable {
  id: Generated<string>;
  case_id: string | null;
  kind: 'complaint' | 'petition';
  channel: 'hotline' | 'web' | 'portal' | 'letter' | 'visit' | 'media' | 'mailbox' | 'open311';
  category_code: string;
  division_code: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  description: string;
  complainant_name: string | null;
  complainant_phone_enc: Buffer | null;
  complainant_phone_bidx: Buffer | null;
  complainant_phone_masked: string | null;
  person_id: string | null;
  parties: Json<Array<{ kind: 'person' | 'organisation'; id?: string; name: string; role?: string }>>;
  previous_case_id: string | null;
  received_at: Timestamp;
}
export interface ComplaintEscalationsTable {
  case_id: string;
  level: number;
  department_id: string;
  at: Timestamp;
}

export interface ComplaintTables {
  complaint_categories: ComplaintCategoriesTable;
  complaint_routes: ComplaintRoutesTable;
  complaints: ComplaintsTable;
  complaint_escalations: ComplaintEscalationsTable;
}
