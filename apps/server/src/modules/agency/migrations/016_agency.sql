-- Enterprise agency (企业代办): a package per enterprise project bundling catalogue applications of
-- several departments, one agent; complaints the enterprise files through it. The leaders' duty
-- rota and duty log (值日制、值日簿).

CREATE TABLE agency_packages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  project_name text NOT NULL,
  department_id uuid NOT NULL REFERENCES departments(id),
  agent_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  closed_at timestamptz
);
COMMENT ON TABLE agency_packages IS '企业代办: one enterprise project handled for the enterprise by one agent of the centre';
COMMENT ON COLUMN agency_packages.id IS 'surrogate key';
COMMENT ON COLUMN agency_packages.number IS 'package number (DB-year-serial), given to the enterprise to follow it';
COMMENT ON COLUMN agency_packages.organisation_id IS 'the enterprise';
COMMENT ON COLUMN agency_packages.project_name IS 'the project (建设项目名称)';
COMMENT ON COLUMN agency_packages.department_id IS 'the centre that acts as agent';
COMMENT ON COLUMN agency_packages.agent_id IS 'the agent (代办员), one per package';
COMMENT ON COLUMN agency_packages.created_at IS 'when opened';
COMMENT ON COLUMN agency_packages.closed_at IS 'when every sub-case had finished';

CREATE TABLE agency_package_cases (
  package_id uuid NOT NULL REFERENCES agency_packages(id),
  case_id uuid NOT NULL UNIQUE REFERENCES cases(id),
  position integer NOT NULL,
  PRIMARY KEY (package_id, position)
);
COMMENT ON TABLE agency_package_cases IS 'The sub-cases of a package, in the order the project needs them (立项, 用地, 规划, 施工, 产权, 登记 …)';
COMMENT ON COLUMN agency_package_cases.package_id IS 'the package';
COMMENT ON COLUMN agency_package_cases.case_id IS 'a catalogue application with its own item, department and clock';
COMMENT ON COLUMN agency_package_cases.position IS '1, 2, … the order of the project''s steps';

CREATE TABLE agency_complaints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  package_id uuid NOT NULL REFERENCES agency_packages(id),
  text text NOT NULL,
  contact_name text,
  contact_phone_enc bytea,
  contact_phone_masked text,
  filed_at timestamptz NOT NULL,
  answer text,
  answered_by uuid REFERENCES users(id),
  answered_at timestamptz
);
COMMENT ON TABLE agency_complaints IS 'Complaints an enterprise files through its package (投诉); every one is answered';
COMMENT ON COLUMN agency_complaints.id IS 'surrogate key';
COMMENT ON COLUMN agency_complaints.package_id IS 'the package complained about';
COMMENT ON COLUMN agency_complaints.text IS 'the complaint';
COMMENT ON COLUMN agency_complaints.contact_name IS 'who to answer';
COMMENT ON COLUMN agency_complaints.contact_phone_enc IS 'their phone, SM4-encrypted';
COMMENT ON COLUMN agency_complaints.contact_phone_masked IS 'the phone, masked';
COMMENT ON COLUMN agency_complaints.filed_at IS 'when filed';
COMMENT ON COLUMN agency_complaints.answer IS 'the answer given';
COMMENT ON COLUMN agency_complaints.answered_by IS 'who answered';
COMMENT ON COLUMN agency_complaints.answered_at IS 'when';

CREATE TABLE duty_rota (
  department_id uuid NOT NULL REFERENCES departments(id),
  day date NOT NULL,
  leader_id uuid NOT NULL REFERENCES users(id),
  swapped boolean NOT NULL DEFAULT false,
  PRIMARY KEY (department_id, day)
);
COMMENT ON TABLE duty_rota IS '值日制: the leader on duty each day at a township or centre';
COMMENT ON COLUMN duty_rota.department_id IS 'the township office or centre';
COMMENT ON COLUMN duty_rota.day IS 'the day';
COMMENT ON COLUMN duty_rota.leader_id IS 'the leader on duty';
COMMENT ON COLUMN duty_rota.swapped IS 'changed by a swap after the rota was made';

CREATE TABLE duty_log_entries (
  id bigserial PRIMARY KEY,
  department_id uuid NOT NULL REFERENCES departments(id),
  day date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('visitor','matter','emergency','handover')),
  at_time text NOT NULL CHECK (at_time ~ '^[0-2][0-9]:[0-5][0-9]$'),
  text text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  written_by uuid NOT NULL REFERENCES users(id),
  written_at timestamptz NOT NULL
);
CREATE INDEX duty_log_day ON duty_log_entries (department_id, day);
COMMENT ON TABLE duty_log_entries IS '值日簿: what the leader on duty received, handled and handed over';
COMMENT ON COLUMN duty_log_entries.id IS 'surrogate key';
COMMENT ON COLUMN duty_log_entries.department_id IS 'the township office or centre';
COMMENT ON COLUMN duty_log_entries.day IS 'the duty day';
COMMENT ON COLUMN duty_log_entries.kind IS 'visitor (来访接待), matter (事项处理), emergency (突发事件), handover (交接)';
COMMENT ON COLUMN duty_log_entries.at_time IS 'time of day, HH:MM Beijing time';
COMMENT ON COLUMN duty_log_entries.text IS 'what happened and what was done';
COMMENT ON COLUMN duty_log_entries.details IS 'for an emergency: the warning, villages notified, broadcasts, inspections';
COMMENT ON COLUMN duty_log_entries.written_by IS 'who wrote it';
COMMENT ON COLUMN duty_log_entries.written_at IS 'when written';
