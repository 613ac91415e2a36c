-- 优抚: the registry of beneficiaries by category, their records (the monthly visit on the 18th, the
-- five door-to-door services, the health file), the visit tasks, pairing assistance (结对帮扶), and
-- opinions sent from the portal by those working away. Payments go through assistance_entitlements.

CREATE TABLE care_beneficiaries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons(id),
  household_id uuid NOT NULL REFERENCES households(id),
  division_code text NOT NULL REFERENCES divisions(code),
  category text NOT NULL,
  since date NOT NULL,
  entitlement_id uuid REFERENCES assistance_entitlements(id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','ended')),
  contact_phone_enc bytea,
  contact_phone_masked text,
  working_away boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX care_beneficiaries_one_per_category ON care_beneficiaries (person_id, category) WHERE status = 'active';
CREATE INDEX care_beneficiaries_division ON care_beneficiaries (division_code) WHERE status = 'active';
COMMENT ON TABLE care_beneficiaries IS '优抚对象: a person in a category (disabled serviceman by grade, martyr''s family …), paid through an entitlement';
COMMENT ON COLUMN care_beneficiaries.id IS 'surrogate key';
COMMENT ON COLUMN care_beneficiaries.person_id IS 'the beneficiary in the registry';
COMMENT ON COLUMN care_beneficiaries.household_id IS 'the beneficiary''s household (to show households in both 低保 and 优抚)';
COMMENT ON COLUMN care_beneficiaries.division_code IS 'jurisdiction';
COMMENT ON COLUMN care_beneficiaries.category IS 'category code of the standards (disabled1 … disabled10, martyrFamily, dutyDeathFamily, illnessDeathFamily, demobilised, returnedIll, conscriptFamily)';
COMMENT ON COLUMN care_beneficiaries.since IS 'date the status was recognised';
COMMENT ON COLUMN care_beneficiaries.entitlement_id IS 'the entitlement that pays the category''s standard';
COMMENT ON COLUMN care_beneficiaries.status IS 'active or ended';
COMMENT ON COLUMN care_beneficiaries.contact_phone_enc IS 'a phone to reach the beneficiary or the family, SM4-encrypted';
COMMENT ON COLUMN care_beneficiaries.contact_phone_masked IS 'the phone, masked';
COMMENT ON COLUMN care_beneficiaries.working_away IS 'working away from home (外出务工): gets the contact card, may send opinions from the portal';
COMMENT ON COLUMN care_beneficiaries.created_at IS 'when registered';

CREATE TABLE care_records (
  id bigserial PRIMARY KEY,
  beneficiary_id uuid NOT NULL REFERENCES care_beneficiaries(id),
  kind text NOT NULL CHECK (kind IN ('visit','sickCall','hardshipHelp','mediation','goodNews','health')),
  on_date date NOT NULL,
  notes text NOT NULL,
  problem_solved text,
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_by_name text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX care_records_beneficiary ON care_records (beneficiary_id, on_date);
COMMENT ON TABLE care_records IS 'The five door-to-door services (走访, 探视病人, 帮困, 调解, 送喜报) and the health file';
COMMENT ON COLUMN care_records.id IS 'surrogate key';
COMMENT ON COLUMN care_records.beneficiary_id IS 'the beneficiary';
COMMENT ON COLUMN care_records.kind IS 'visit, sickCall, hardshipHelp, mediation, goodNews, or health (a health-file entry)';
COMMENT ON COLUMN care_records.on_date IS 'day it happened';
COMMENT ON COLUMN care_records.notes IS 'what was done or found';
COMMENT ON COLUMN care_records.problem_solved IS 'the problem solved, if any';
COMMENT ON COLUMN care_records.recorded_by IS 'the worker';
COMMENT ON COLUMN care_records.recorded_by_name IS 'the worker, as shown';
COMMENT ON COLUMN care_records.recorded_at IS 'when recorded';

CREATE TABLE care_visit_tasks (
  beneficiary_id uuid NOT NULL REFERENCES care_beneficiaries(id),
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  visit_on date NOT NULL,
  record_id bigint REFERENCES care_records(id),
  PRIMARY KEY (beneficiary_id, month)
);
CREATE INDEX care_visit_tasks_open ON care_visit_tasks (month) WHERE record_id IS NULL;
COMMENT ON TABLE care_visit_tasks IS 'The monthly visit (每月18日走访日) owed to each active beneficiary; done when a visit is recorded that month';
COMMENT ON COLUMN care_visit_tasks.beneficiary_id IS 'the beneficiary';
COMMENT ON COLUMN care_visit_tasks.month IS 'month of the visit (first day)';
COMMENT ON COLUMN care_visit_tasks.visit_on IS 'the visit day (the 18th by default, or the next working day)';
COMMENT ON COLUMN care_visit_tasks.record_id IS 'the visit record that did it';

CREATE TABLE care_pairings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  beneficiary_id uuid NOT NULL REFERENCES care_beneficiaries(id),
  cadre_id uuid NOT NULL REFERENCES users(id),
  plan jsonb NOT NULL,
  problem_solved text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_pairings_beneficiary ON care_pairings (beneficiary_id);
COMMENT ON TABLE care_pairings IS '结对帮扶: a cadre paired with a beneficiary, with the plan''s five points and the problem solved';
COMMENT ON COLUMN care_pairings.id IS 'surrogate key';
COMMENT ON COLUMN care_pairings.beneficiary_id IS 'the beneficiary';
COMMENT ON COLUMN care_pairings.cadre_id IS 'the cadre';
COMMENT ON COLUMN care_pairings.plan IS 'time, content, plan, goal, effect';
COMMENT ON COLUMN care_pairings.problem_solved IS 'the problem solved';
COMMENT ON COLUMN care_pairings.created_at IS 'when paired';

CREATE TABLE care_opinions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  division_code text NOT NULL REFERENCES divisions(code),
  name text NOT NULL,
  phone_enc bytea NOT NULL,
  phone_masked text NOT NULL,
  text text NOT NULL,
  filed_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  answer text
);
CREATE INDEX care_opinions_division ON care_opinions (division_code, filed_at);
COMMENT ON TABLE care_opinions IS 'Opinions (意见反馈表) sent from the portal by beneficiaries or families working away';
COMMENT ON COLUMN care_opinions.id IS 'surrogate key';
COMMENT ON COLUMN care_opinions.division_code IS 'the home village or community it is for';
COMMENT ON COLUMN care_opinions.name IS 'who sent it';
COMMENT ON COLUMN care_opinions.phone_enc IS 'their phone, SM4-encrypted';
COMMENT ON COLUMN care_opinions.phone_masked IS 'their phone, masked';
COMMENT ON COLUMN care_opinions.text IS 'the opinion or request';
COMMENT ON COLUMN care_opinions.filed_at IS 'when sent';
COMMENT ON COLUMN care_opinions.answered_at IS 'when answered';
COMMENT ON COLUMN care_opinions.answer IS 'the answer given';
