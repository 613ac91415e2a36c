-- replaces: 016_agency_duty.sql
-- Enterprise agency (企业代办): a package per enterprise project bundling catalogue applications of
-- several departments, one agent; complaints the enterprise files through it. Split out of
-- 016_agency_duty.sql with 016_duty.sql (modules/duty).

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
