-- Complaints and petitions (issue 7): the category tree (with the seeds' property-management causes),
-- routing rules by category, each matter's intake record beside its case (channel, place, parties,
-- the complainant's contact kept encrypted), and the escalation steps taken on overdue orders.

CREATE TABLE complaint_categories (
  code text PRIMARY KEY,
  name text NOT NULL,
  parent_code text REFERENCES complaint_categories(code),
  description text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0
);
COMMENT ON TABLE complaint_categories IS 'Category tree of complaints (诉求分类); leaves are what Open311 calls services';
COMMENT ON COLUMN complaint_categories.code IS 'stable code (also the Open311 service_code)';
COMMENT ON COLUMN complaint_categories.name IS 'name shown to staff and residents';
COMMENT ON COLUMN complaint_categories.parent_code IS 'parent category; null at the top';
COMMENT ON COLUMN complaint_categories.description IS 'what belongs here';
COMMENT ON COLUMN complaint_categories.position IS 'order among siblings';

INSERT INTO complaint_categories (code, name, parent_code, description, position) VALUES
  ('property', '物业管理', NULL, '物业管理区域内的矛盾纠纷', 1),
  ('property.developer', '开发遗留问题', 'property', '房屋质量、配套设施、产权办理等开发建设遗留问题（约占物业纠纷五成）', 1),
  ('property.owners_committee', '业主大会及业委会运作', 'property', '业委会组建、换届、履职、业主大会决议', 2),
  ('property.illegal_construction', '私搭乱建', 'property', '违法建设、私搭乱建、占用公共部位', 3),
  ('property.utilities', '水电气暖供应', 'property', '供水、供电、供气、供暖', 4),
  ('property.utilities.heating', '供暖', 'property.utilities', '暖气不热、停暖、采暖费', 1),
  ('property.utilities.water', '供水', 'property.utilities', '停水、水压、水质、二次供水', 2),
  ('property.utilities.power', '供电', 'property.utilities', '停电、电压、公共照明', 3),
  ('property.utilities.gas', '供气', 'property.utilities', '燃气供应与安全', 4),
  ('property.services', '物业服务', 'property', '保洁、保安、绿化、维修、停车、收费', 5),
  ('municipal', '市政设施', NULL, '道路、井盖、路灯、排水', 2),
  ('environment', '生态环境', NULL, '噪声、油烟、垃圾、污水', 3),
  ('social', '社会保障与民政', NULL, '低保、养老、救助、优抚', 4),
  ('market', '市场监管', NULL, '消费维权、食品安全、价格', 5),
  ('other', '其他', NULL, '不属于以上类别的诉求', 9);

CREATE TABLE complaint_routes (
  category_code text PRIMARY KEY REFERENCES complaint_categories(code),
  lead_department_id uuid NOT NULL REFERENCES departments(id),
  assisting_department_ids uuid[] NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE complaint_routes IS 'Routing rules (派单规则): the usual lead and assisting departments of a category; the operator may change them per order';
COMMENT ON COLUMN complaint_routes.category_code IS 'category (a rule on a parent applies to its children without their own)';
COMMENT ON COLUMN complaint_routes.lead_department_id IS 'usual lead department (主办)';
COMMENT ON COLUMN complaint_routes.assisting_department_ids IS 'usual assisting departments (协办)';

CREATE TABLE complaints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid UNIQUE REFERENCES cases(id),
  kind text NOT NULL CHECK (kind IN ('complaint','petition')),
  channel text NOT NULL CHECK (channel IN ('hotline','web','portal','letter','visit','media','mailbox','open311')),
  category_code text NOT NULL REFERENCES complaint_categories(code),
  division_code text NOT NULL REFERENCES divisions(code),
  address text,
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lng double precision CHECK (lng BETWEEN -180 AND 180),
  description text NOT NULL,
  complainant_name text,
  complainant_phone_enc bytea,
  complainant_phone_bidx bytea,
  complainant_phone_masked text,
  person_id uuid REFERENCES persons(id),
  parties jsonb NOT NULL DEFAULT '[]',
  previous_case_id uuid REFERENCES cases(id),
  received_at timestamptz NOT NULL,
  CHECK ((lat IS NULL) = (lng IS NULL))
);
CREATE INDEX complaints_phone ON complaints (complainant_phone_bidx);
CREATE INDEX complaints_division ON complaints (division_code, category_code);
CREATE INDEX complaints_address ON complaints USING gin (address gin_trgm_ops);
COMMENT ON TABLE complaints IS 'What was received for a complaint work order or a petition; the process is the case''s';
COMMENT ON COLUMN complaints.id IS 'the matter: the subject of its case (a complainant need not be in the registry)';
COMMENT ON COLUMN complaints.case_id IS 'the complaint_order or petition case (set in the same transaction as the opening)';
COMMENT ON COLUMN complaints.kind IS 'complaint (诉求工单) or petition (信访事项)';
COMMENT ON COLUMN complaints.channel IS 'hotline, web, portal, letter (scanned), visit, media report, leader''s mailbox, open311';
COMMENT ON COLUMN complaints.category_code IS 'category';
COMMENT ON COLUMN complaints.division_code IS 'where (village or community when known)';
COMMENT ON COLUMN complaints.address IS 'address given';
COMMENT ON COLUMN complaints.lat IS 'map point, latitude (WGS-84), optional';
COMMENT ON COLUMN complaints.lng IS 'map point, longitude (WGS-84), optional';
COMMENT ON COLUMN complaints.description IS 'what the complainant says';
COMMENT ON COLUMN complaints.complainant_name IS 'name given (may be anonymous)';
COMMENT ON COLUMN complaints.complainant_phone_enc IS 'phone, SM4-encrypted';
COMMENT ON COLUMN complaints.complainant_phone_bidx IS 'blind index of the phone: the same complainant''s open matters';
COMMENT ON COLUMN complaints.complainant_phone_masked IS 'phone, masked';
COMMENT ON COLUMN complaints.person_id IS 'the complainant in the registry, when identified';
COMMENT ON COLUMN complaints.parties IS 'involved parties: [{kind: person|organisation, id?, name, role?}] (property company, owners'' committee …)';
COMMENT ON COLUMN complaints.previous_case_id IS 'the earlier matter this one continues (a petition''s review or re-review)';
COMMENT ON COLUMN complaints.received_at IS 'when received';

CREATE TABLE complaint_escalations (
  case_id uuid NOT NULL REFERENCES cases(id),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
  department_id uuid NOT NULL REFERENCES departments(id),
  at timestamptz NOT NULL,
  PRIMARY KEY (case_id, level)
);
COMMENT ON TABLE complaint_escalations IS 'Escalation of overdue orders: 1 reminder (催办), 2 supervision notice (督办通知), 3 written criticism entry for the assessment (通报批评)';
COMMENT ON COLUMN complaint_escalations.case_id IS 'the overdue order';
COMMENT ON COLUMN complaint_escalations.level IS '1 reminder, 2 supervision, 3 criticism';
COMMENT ON COLUMN complaint_escalations.department_id IS 'the department escalated against (the lead at the time)';
COMMENT ON COLUMN complaint_escalations.at IS 'when';

-- a matter is the subject of its own case: the complainant may be anonymous or from elsewhere
ALTER TABLE cases DROP CONSTRAINT cases_subject_type_check;
ALTER TABLE cases ADD CONSTRAINT cases_subject_type_check CHECK (subject_type IN ('person','household','organisation','complaint'));
COMMENT ON COLUMN cases.subject_type IS 'person, household, organisation, or complaint (a matter received: complaints.id)';
