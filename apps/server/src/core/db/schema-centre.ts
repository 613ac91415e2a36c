import type { Generated } from 'kysely';
import type { DateString, Json, Timestamp } from './schema.ts';

/** The tables of the one-stop centre (migration 015): windows, slots, bookings, the queue, 好差评, consultants, publications. */
export interface CentreWindowsTable {
  id: Generated<string>;
  department_id: string;
  code: string;
  name: string;
  item_codes: Generated<string[]>;
  active: Generated<boolean>;
}

export interface AppointmentSlotsTable {
  id: Generated<string>;
  window_id: string;
  day: DateString;
  starts_at: string;
  ends_at: string;
  capacity: number;
  booked: Generated<number>;
  peak: Generated<boolean>;
}

export interface AppointmentPeakDaysTable {
  department_id: string;
  day: DateString;
  extra_capacity: number;
  reason: string;
}

export interface AppointmentsTable {
  id: Generated<string>;
  reference: string;
  kind: 'window' | 'homeVisit';
  slot_id: string | null;
  department_id: string;
  item_code: string;
  day: DateString;
  name: string;
  phone_enc: Buffer;
  phone_bidx: Buffer;
  phone_masked: string;
  address: string | null;
  reason: string | null;
  status: Generated<'booked' | 'cancelled' | 'arrived' | 'noShow' | 'visited'>;
  visit_staff_id: string | null;
  created_at: Timestamp;
  cancelled_at: Date | null;
}

export interface QueueTicketsTable {
  id: Generated<string>;
  department_id: string;
  day: DateString;
  seq: number;
  number: string;
  item_code: string | null;
  appointment_id: string | null;
  channel: 'kiosk' | 'portal' | 'appointment';
  status: Generated<'waiting' | 'called' | 'done' | 'noShow'>;
  window_id: string | null;
  taken_at: Timestamp;
  called_at: Date | null;
  finished_at: Date | null;
  called_by: string | null;
  transfers: Generated<number>;
  case_id: string | null;
}

export interface EvaluationsTable {
  id: Generated<string>;
  case_id: string;
  channel: 'onSite' | 'online';
  level: number;
  sub_scores: Json<Record<string, number>>;
  comment: string | null;
  department_id: string;
  staff_id: string | null;
  window_name: string | null;
  item_code: string | null;
  rectification_case_id: string | null;
  created_at: Timestamp;
}

export interface EvaluationAppealsTable {
  id: Generated<string>;
  evaluation_id: string;
  reason: string;
  filed_by: string;
  filed_at: Timestamp;
  decision: 'upheld' | 'rejected' | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

export interface VillageConsultantsTable {
  division_code: string;
  name: string;
  phone: string;
  updated_at: Timestamp;
}

export interface PublicationsTable {
  kind: 'card' | 'board' | 'handbook';
  scope: string;
  fingerprint: string;
  file_hash: string;
  generated_at: Timestamp;
}

export interface CentreTables {
  centre_windows: CentreWindowsTable;
  appointment_slots: AppointmentSlotsTable;
  appointment_peak_days: AppointmentPeakDaysTable;
  appointments: AppointmentsTable;
  queue_tickets: QueueTicketsTable;
  evaluations: EvaluationsTable;
  evaluation_appeals: EvaluationAppealsTable;
  village_consultants: VillageConsultantsTable;
  publications: PublicationsTable;
}

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

export interface DutyRotaTable {
  department_id: string;
  day: DateString;
  leader_id: string;
  swapped: Generated<boolean>;
}

export interface DutyLogEntriesTable {
  id: Generated<number>;
  department_id: string;
  day: DateString;
  kind: 'visitor' | 'matter' | 'emergency' | 'handover';
  at_time: string;
  text: string;
  details: Json<Record<string, unknown>>;
  written_by: string;
  written_at: Timestamp;
}

export interface AgencyDutyTables {
  agency_packages: AgencyPackagesTable;
  agency_package_cases: AgencyPackageCasesTable;
  agency_complaints: AgencyComplaintsTable;
  duty_rota: DutyRotaTable;
  duty_log_entries: DutyLogEntriesTable;
}
