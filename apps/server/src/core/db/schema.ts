// Kysely table types of the core's tables, written by hand next to the migrations they mirror.
// Each module declares its own tables in modules/<module>/<module>.schema.ts, adding them to
// `Tables` by declaration merging, so that `Kysely<DB>` sees every table while the core names none.
import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type DateString = ColumnType<string, string, string>;
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export type GrantScope = 'department' | 'subtree' | 'all';

export interface DivisionsTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  path: string;
  successor_code: string | null;
  split_from: Generated<string | null>;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_until: string | null;
}

export interface DepartmentsTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: string;
  division_code: string;
  phone: string | null;
  address: string | null;
  hours: string | null;
  active: Generated<boolean>;
}

export interface RolesTable {
  code: string;
  name: string;
  permissions: string[];
  admin_kind: 'system' | 'security' | 'audit' | null;
  builtin: Generated<boolean>;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  department_id: string;
  password_hash: string;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: string | null;
  totp_pending_secret: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface UserRolesTable {
  user_id: string;
  role_code: string;
  scope: GrantScope;
}

export interface SessionsTable {
  token_hash: Buffer;
  user_id: string;
  csrf_token: string;
  second_factor_done: boolean;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  ip: string | null;
}

export interface LoginAddressFailuresTable {
  address: string;
  window_started: Generated<Date>;
  failures: Generated<number>;
}

export interface ResidentCodesTable {
  id: Generated<string>;
  phone_bidx: Buffer;
  code_hash: Buffer;
  expires_at: Date;
  attempts: Generated<number>;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface ResidentSessionsTable {
  token_hash: Buffer;
  phone_bidx: Buffer;
  phone_masked: string;
  created_at: Generated<Date>;
  expires_at: Date;
}

export interface IdempotencyKeysTable {
  actor_id: string;
  key: string;
  response: Json | null;
  created_at: Generated<Date>;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: Generated<Date>;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  division_code: string | null;
  ip: string | null;
  socket_ip: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string | null;
  hash: string | null;
  xid: Generated<string>;
  chain_pos: number | null;
}

/** Anchors of the audit chain's head; the application only reads them (audit_anchor() adds one). */
export interface AuditAnchorsTable {
  id: Generated<number>;
  at: Generated<Date>;
  chain_pos: number;
  seq: number;
  hash: string;
}

export interface CalendarYearsTable {
  year: number;
  notice_title: string;
  notice_number: string | null;
  notice_published: string | null;
  loaded_at: Generated<Date>;
  provisional: Generated<boolean>;
}

export interface CalendarDaysTable {
  day: DateString;
  year: number;
  kind: 'holiday' | 'makeUpWorkday';
  name: string;
}

export interface SequencesTable {
  name: string;
  year: number;
  last_value: number;
}

export interface CasesTable {
  id: Generated<string>;
  type_code: string;
  number: string;
  title: string;
  subject_type: 'person' | 'household' | 'organisation' | 'complaint';
  subject_id: string;
  subject_name: string;
  division_code: string;
  owning_department_id: string;
  lead_department_id: string | null;
  assisting_department_ids: ColumnType<string[], string[] | undefined, string[]>;
  assignee_id: string | null;
  status: string;
  flags: ColumnType<string[], string[] | undefined, string[]>;
  clocks: Json<unknown[]>;
  due_date: string | null;
  due_soon_date: string | null;
  due_sort: Generated<string>;
  due_state: ColumnType<string, string | undefined, string>;
  is_open: Generated<boolean>;
  version: Generated<number>;
  data: Json<Record<string, unknown>>;
  opened_at: Timestamp;
  closed_at: Date | null;
  /** random 查询码 on the receipt (migration 024) */
  query_code: Generated<string>;
}

export interface CaseActionsTable {
  id: Generated<number>;
  case_id: string;
  seq: number;
  action: string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string | null;
  actor_department_id: string | null;
  at: Timestamp;
  inputs: Json<Record<string, unknown>>;
  opinion: string | null;
  attachments: Json<Array<{ hash: string; name: string; size: number; mime: string }>>;
}

export interface AttachmentsTable {
  hash: string;
  size: number;
  mime: string;
  created_at: Generated<Date>;
}

/** Who uploaded a stored file (migration 023): staff by user, residents by their phone's blind index. */
export interface AttachmentUploadsTable {
  id: Generated<string>;
  hash: string;
  user_id: string | null;
  resident_phone_bidx: Buffer | null;
  uploaded_at: Generated<Date>;
}

export interface DocumentsTable {
  id: Generated<string>;
  number: string;
  kind: string;
  title: string;
  case_id: string | null;
  issuer_department_id: string;
  issued_at: Generated<Date>;
  verification_code: string;
  content: Json<Record<string, unknown>>;
  content_hash: string;
  file_hash: string | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  case_id: string | null;
  message: string;
  created_at: Generated<Date>;
  read_at: Date | null;
}

/** Every table: the core's here, each module's added by its <module>.schema.ts (declaration merging). */
export interface Tables {
  divisions: DivisionsTable;
  departments: DepartmentsTable;
  roles: RolesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  login_address_failures: LoginAddressFailuresTable;
  resident_codes: ResidentCodesTable;
  resident_sessions: ResidentSessionsTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  audit_anchors: AuditAnchorsTable;
  calendar_years: CalendarYearsTable;
  calendar_days: CalendarDaysTable;
  sequences: SequencesTable;
  cases: CasesTable;
  case_actions: CaseActionsTable;
  attachments: AttachmentsTable;
  attachment_uploads: AttachmentUploadsTable;
  documents: DocumentsTable;
  notifications: NotificationsTable;
}

/** The database as Kysely sees it. */
export type DB = Tables;
