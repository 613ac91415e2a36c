-- Case engine (办件), gap-free sequences, attachments, documents, notifications.

CREATE TABLE sequences (
  name text NOT NULL,
  year integer NOT NULL,
  last_value integer NOT NULL DEFAULT 0,
  PRIMARY KEY (name, year)
);
COMMENT ON TABLE sequences IS 'Gap-free counters per kind and year: incremented inside the transaction that uses the number, so a rollback returns it';
COMMENT ON COLUMN sequences.name IS 'case type code or document type';
COMMENT ON COLUMN sequences.year IS 'year (Asia/Shanghai)';
COMMENT ON COLUMN sequences.last_value IS 'last number handed out';

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type_code text NOT NULL,
  number text NOT NULL UNIQUE,
  title text NOT NULL,
  subject_type text NOT NULL CHECK (subject_type IN ('person','household','organisation')),
  subject_id uuid NOT NULL,
  subject_name text NOT NULL,
  division_code text NOT NULL REFERENCES divisions(code),
  owning_department_id uuid NOT NULL REFERENCES departments(id),
  lead_department_id uuid REFERENCES departments(id),
  assisting_department_ids uuid[] NOT NULL DEFAULT '{}',
  assignee_id uuid REFERENCES users(id),
  status text NOT NULL,
  flags text[] NOT NULL DEFAULT '{}',
  clocks jsonb NOT NULL DEFAULT '[]',
  due_date date,
  due_soon_date date,
  due_sort date NOT NULL GENERATED ALWAYS AS (COALESCE(due_date, DATE '9999-12-31')) STORED,
  due_state text NOT NULL DEFAULT 'none' CHECK (due_state IN ('none','normal','dueSoon','overdue','paused')),
  is_open boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  data jsonb NOT NULL DEFAULT '{}',
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
COMMENT ON TABLE cases IS 'Cases (办件). Status, flags, clocks, due date, owner and assignee are derived from case_actions and stored for work lists';
COMMENT ON COLUMN cases.id IS 'surrogate key';
COMMENT ON COLUMN cases.type_code IS 'case type (see the case type registry in code)';
COMMENT ON COLUMN cases.number IS 'gap-free number per type and year (DB-2026-000123)';
COMMENT ON COLUMN cases.title IS 'short description';
COMMENT ON COLUMN cases.subject_type IS 'person, household or organisation';
COMMENT ON COLUMN cases.subject_id IS 'id of the subject';
COMMENT ON COLUMN cases.subject_name IS 'subject name at opening, for lists';
COMMENT ON COLUMN cases.division_code IS 'division the case belongs to (jurisdiction)';
COMMENT ON COLUMN cases.owning_department_id IS 'department that holds the case now (derived)';
COMMENT ON COLUMN cases.lead_department_id IS 'lead department (主办), derived';
COMMENT ON COLUMN cases.assisting_department_ids IS 'assisting departments (协办), derived';
COMMENT ON COLUMN cases.assignee_id IS 'user the case is assigned to, derived';
COMMENT ON COLUMN cases.status IS 'derived status';
COMMENT ON COLUMN cases.flags IS 'derived flags (supervised, materialsPending …)';
COMMENT ON COLUMN cases.clocks IS 'derived clock states with their explanation';
COMMENT ON COLUMN cases.due_date IS 'earliest due date of the running clocks';
COMMENT ON COLUMN cases.due_soon_date IS 'date from which the case is due soon (yellow)';
COMMENT ON COLUMN cases.due_sort IS 'due date with no-deadline cases last, for keyset paging of work lists';
COMMENT ON COLUMN cases.due_state IS 'none, normal, dueSoon (yellow), overdue (red), paused';
COMMENT ON COLUMN cases.is_open IS 'false once in a final status';
COMMENT ON COLUMN cases.version IS 'number of actions taken; a command names the version it saw';
COMMENT ON COLUMN cases.data IS 'fields collected by actions, merged (derived)';
COMMENT ON COLUMN cases.opened_at IS 'time opened';
COMMENT ON COLUMN cases.closed_at IS 'time closed';
CREATE INDEX cases_dept_due_idx ON cases (owning_department_id, due_sort, id) WHERE is_open;
CREATE INDEX cases_assignee_due_idx ON cases (assignee_id, due_sort, id) WHERE is_open;
CREATE INDEX cases_division_due_idx ON cases (division_code, due_sort, id) WHERE is_open;
CREATE INDEX cases_state_due_idx ON cases (due_state, due_sort, id) WHERE is_open;
CREATE INDEX cases_assisting_idx ON cases USING gin (assisting_department_ids) WHERE is_open;

CREATE TABLE case_actions (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  seq integer NOT NULL,
  action text NOT NULL,
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  actor_role text,
  actor_department_id uuid REFERENCES departments(id),
  at timestamptz NOT NULL,
  inputs jsonb NOT NULL DEFAULT '{}',
  opinion text,
  attachments jsonb NOT NULL DEFAULT '[]',
  UNIQUE (case_id, seq)
);
COMMENT ON TABLE case_actions IS 'Append-only action log of every case: the truth from which status is derived';
COMMENT ON COLUMN case_actions.id IS 'surrogate key';
COMMENT ON COLUMN case_actions.case_id IS 'the case';
COMMENT ON COLUMN case_actions.seq IS '1-based position in the case log; equals the case version after it';
COMMENT ON COLUMN case_actions.action IS 'action code from the case type';
COMMENT ON COLUMN case_actions.actor_id IS 'user, NULL for the system (worker)';
COMMENT ON COLUMN case_actions.actor_name IS 'name at the time';
COMMENT ON COLUMN case_actions.actor_role IS 'role under which the action was allowed';
COMMENT ON COLUMN case_actions.actor_department_id IS 'actor''s department at the time';
COMMENT ON COLUMN case_actions.at IS 'time of the action';
COMMENT ON COLUMN case_actions.inputs IS 'fields supplied with the action';
COMMENT ON COLUMN case_actions.opinion IS 'written opinion (意见)';
COMMENT ON COLUMN case_actions.attachments IS '[{hash, name, size, mime}]';
CREATE TRIGGER case_actions_no_update BEFORE UPDATE OR DELETE ON case_actions
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TABLE attachments (
  hash text PRIMARY KEY,
  size integer NOT NULL,
  mime text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE attachments IS 'Stored files, content-addressed by SM3 hash';
COMMENT ON COLUMN attachments.hash IS 'SM3 of the bytes (hex); also the file path';
COMMENT ON COLUMN attachments.size IS 'bytes';
COMMENT ON COLUMN attachments.mime IS 'detected content type';
COMMENT ON COLUMN attachments.created_at IS 'first stored';

CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  kind text NOT NULL,
  title text NOT NULL,
  case_id uuid REFERENCES cases(id),
  issuer_department_id uuid NOT NULL REFERENCES departments(id),
  issued_at timestamptz NOT NULL DEFAULT now(),
  verification_code text NOT NULL UNIQUE,
  content jsonb NOT NULL,
  content_hash text NOT NULL,
  file_hash text REFERENCES attachments(hash)
);
COMMENT ON TABLE documents IS 'Issued documents (receipts, notices …) with their verification code';
COMMENT ON COLUMN documents.id IS 'surrogate key';
COMMENT ON COLUMN documents.number IS 'official number from a gap-free sequence';
COMMENT ON COLUMN documents.kind IS 'receipt, oneTimeNotice …';
COMMENT ON COLUMN documents.title IS 'document title';
COMMENT ON COLUMN documents.case_id IS 'case it belongs to';
COMMENT ON COLUMN documents.issuer_department_id IS 'issuing department';
COMMENT ON COLUMN documents.issued_at IS 'issue time';
COMMENT ON COLUMN documents.verification_code IS 'code printed on the PDF and in its QR code';
COMMENT ON COLUMN documents.content_hash IS 'SM3 of the canonical content printed';
COMMENT ON COLUMN documents.content IS 'everything printed on the document; the PDF is rendered from it';
COMMENT ON COLUMN documents.file_hash IS 'the rendered PDF, once rendered (by the worker or on first download)';
CREATE INDEX documents_case_idx ON documents (case_id);

CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  case_id uuid REFERENCES cases(id),
  message text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (user_id, kind, case_id)
);
COMMENT ON TABLE notifications IS 'Messages to staff (e.g. a case became overdue)';
COMMENT ON COLUMN notifications.id IS 'surrogate key';
COMMENT ON COLUMN notifications.user_id IS 'recipient';
COMMENT ON COLUMN notifications.kind IS 'overdue, dueSoon, assigned …';
COMMENT ON COLUMN notifications.case_id IS 'case concerned';
COMMENT ON COLUMN notifications.message IS 'text in Chinese';
COMMENT ON COLUMN notifications.created_at IS 'when sent';
COMMENT ON COLUMN notifications.read_at IS 'when read';
