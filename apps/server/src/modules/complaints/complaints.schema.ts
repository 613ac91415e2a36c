import type { Generated } from 'kysely';
import type { DateString, Json, Timestamp } from '../../core/db/schema.ts';

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

type Party = { kind: 'person' | 'organisation'; id?: string; name: string; role?: string };

/** Migration 018: disputes and their attempts; joint meetings and their action items. */
export interface DisputesTable {
  id: Generated<string>;
  number: string;
  title: string;
  category_code: string;
  division_code: string;
  parties: Json<Party[]>;
  facts: string;
  complaint_case_id: string | null;
  previous_dispute_id: string | null;
  status: Generated<'open' | 'settled' | 'closed'>;
  flagged: 'arbitration' | 'fourParty' | null;
  created_by: string;
  created_at: Timestamp;
}

export interface DisputeAttemptsTable {
  id: Generated<string>;
  dispute_id: string;
  kind: 'peoplesMediation' | 'administrativeMediation' | 'arbitration' | 'litigation';
  level: 'city' | 'district' | 'subdistrict' | 'community' | null;
  organ: string;
  mediator: string;
  on_date: DateString;
  attendees: Json<string[]>;
  result: 'agreed' | 'notAgreed' | 'withdrawn' | 'awarded' | 'judged';
  agreement: string | null;
  document_id: string | null;
  confirmation_due: DateString | null;
  performance: 'pending' | 'performed' | 'breached' | null;
  performance_note: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface JointMeetingsTable {
  id: Generated<string>;
  division_code: string;
  kind: 'quarterly' | 'halfYearSummary' | 'adHoc';
  held_on: DateString;
  attendees: Json<Record<string, string>>;
  agenda: Json<Array<{ title: string; caseId?: string; disputeId?: string }>>;
  minutes: string;
  created_by: string;
  created_at: Timestamp;
  /** migration 019 */
  document_id: string | null;
}

export interface MeetingActionsTable {
  id: Generated<string>;
  meeting_id: string;
  text: string;
  owner: string;
  due: DateString;
  done_at: Date | null;
  done_note: string | null;
}

/** Complaints and petitions (017, 024_open311_public); disputes, joint meetings and their actions (018, 019). */
declare module '../../core/db/schema.ts' {
  interface Tables {
    complaint_categories: ComplaintCategoriesTable;
    complaint_routes: ComplaintRoutesTable;
    complaints: ComplaintsTable;
    complaint_escalations: ComplaintEscalationsTable;
    disputes: DisputesTable;
    dispute_attempts: DisputeAttemptsTable;
    joint_meetings: JointMeetingsTable;
    meeting_actions: MeetingActionsTable;
  }
}
