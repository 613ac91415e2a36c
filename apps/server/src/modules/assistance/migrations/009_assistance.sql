-- 低保 entitlements, public-notice objections, online applications, and the payment machinery
-- (社会化发放): monthly cycles, bank files, return files. A payment is made once per household,
-- programme and period: the database says so, not only the code.

CREATE TABLE assistance_online_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme text NOT NULL,
  person_id uuid NOT NULL REFERENCES persons(id),
  household_id uuid NOT NULL REFERENCES households(id),
  division_code text NOT NULL REFERENCES divisions(code),
  resident_phone_bidx bytea NOT NULL,
  reason text NOT NULL,
  bank_name text,
  account_enc bytea,
  account_masked text,
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assistance_online_applications_division ON assistance_online_applications (division_code, submitted_at);
CREATE INDEX assistance_online_applications_resident ON assistance_online_applications (resident_phone_bidx);
COMMENT ON TABLE assistance_online_applications IS 'Applications filed on the portal; a worker opens the case from one (the case data names it), which is how its status is known';
COMMENT ON COLUMN assistance_online_applications.id IS 'surrogate key, stored in the case as onlineApplicationId';
COMMENT ON COLUMN assistance_online_applications.programme IS 'urbanMinimumAllowance or ruralMinimumAllowance';
COMMENT ON COLUMN assistance_online_applications.person_id IS 'the applicant, found in the registry by ID number';
COMMENT ON COLUMN assistance_online_applications.household_id IS 'the applicant''s household, the subject of the case';
COMMENT ON COLUMN assistance_online_applications.division_code IS 'the household''s division: whose workers see the application';
COMMENT ON COLUMN assistance_online_applications.resident_phone_bidx IS 'blind index of the signed-in resident''s phone, to list her applications';
COMMENT ON COLUMN assistance_online_applications.reason IS 'the applicant''s statement of hardship';
COMMENT ON COLUMN assistance_online_applications.bank_name IS 'bank of the account the allowance should be paid to';
COMMENT ON COLUMN assistance_online_applications.account_enc IS 'account number, SM4-encrypted';
COMMENT ON COLUMN assistance_online_applications.account_masked IS 'account number with all but the last four digits hidden';
COMMENT ON COLUMN assistance_online_applications.submitted_at IS 'when the resident submitted it';

CREATE TABLE assistance_objections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases(id),
  text text NOT NULL,
  contact_name text,
  contact_phone_enc bytea,
  contact_phone_masked text,
  filed_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  answered_by uuid REFERENCES users(id),
  answer text
);
CREATE INDEX assistance_objections_case ON assistance_objections (case_id) WHERE answered_at IS NULL;
COMMENT ON TABLE assistance_objections IS 'Objections (异议) filed against a household during its public notice; an open one blocks approval';
COMMENT ON COLUMN assistance_objections.id IS 'surrogate key';
COMMENT ON COLUMN assistance_objections.case_id IS 'the 低保 case under notice';
COMMENT ON COLUMN assistance_objections.text IS 'what the objector says';
COMMENT ON COLUMN assistance_objections.contact_name IS 'objector''s name if given (may be anonymous)';
COMMENT ON COLUMN assistance_objections.contact_phone_enc IS 'objector''s phone if given, SM4-encrypted';
COMMENT ON COLUMN assistance_objections.contact_phone_masked IS 'objector''s phone, masked';
COMMENT ON COLUMN assistance_objections.filed_at IS 'when it was filed';
COMMENT ON COLUMN assistance_objections.answered_at IS 'when the investigation was reopened to answer it';
COMMENT ON COLUMN assistance_objections.answered_by IS 'worker who reopened the investigation';
COMMENT ON COLUMN assistance_objections.answer IS 'the reopening opinion';

CREATE TABLE assistance_entitlements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme text NOT NULL,
  household_id uuid NOT NULL REFERENCES households(id),
  beneficiary_id uuid NOT NULL,
  case_id uuid REFERENCES cases(id),
  division_code text NOT NULL REFERENCES divisions(code),
  rule_version_id bigint NOT NULL REFERENCES assistance_rule_versions(id),
  inputs jsonb NOT NULL,
  computation jsonb NOT NULL,
  amount_fen integer NOT NULL CHECK (amount_fen > 0),
  frequency text NOT NULL DEFAULT 'monthly' CHECK (frequency IN ('monthly','quarterly','yearly')),
  class_code text NOT NULL,
  start_month date NOT NULL CHECK (extract(day FROM start_month) = 1),
  last_month date CHECK (extract(day FROM last_month) = 1),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','terminated')),
  suspended_from date CHECK (extract(day FROM suspended_from) = 1),
  next_reverification date NOT NULL,
  payee_name text NOT NULL,
  bank_name text,
  account_enc bytea,
  account_masked text,
  account_changed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assistance_entitlements_payable ON assistance_entitlements (programme, division_code) WHERE status <> 'terminated';
CREATE INDEX assistance_entitlements_household ON assistance_entitlements (household_id);
CREATE UNIQUE INDEX assistance_entitlements_case ON assistance_entitlements (case_id) WHERE case_id IS NOT NULL;
COMMENT ON TABLE assistance_entitlements IS 'A household''s entitlement under a programme, with the rule version and inputs it was computed from';
COMMENT ON COLUMN assistance_entitlements.id IS 'surrogate key';
COMMENT ON COLUMN assistance_entitlements.programme IS 'programme code';
COMMENT ON COLUMN assistance_entitlements.household_id IS 'the household paid, or the household of the person paid';
COMMENT ON COLUMN assistance_entitlements.beneficiary_id IS 'who is paid: the household (低保) or the person (优抚, 计生奖励) — payments are unique per beneficiary, programme and period';
COMMENT ON COLUMN assistance_entitlements.case_id IS 'the case that approved it';
COMMENT ON COLUMN assistance_entitlements.division_code IS 'the household''s division (jurisdiction and payment cycles)';
COMMENT ON COLUMN assistance_entitlements.rule_version_id IS 'rule version the amount was computed under';
COMMENT ON COLUMN assistance_entitlements.inputs IS 'the investigation inputs of the computation (members, months, incomes by kind)';
COMMENT ON COLUMN assistance_entitlements.computation IS 'the result with its explanation, as shown on the notice';
COMMENT ON COLUMN assistance_entitlements.amount_fen IS 'amount per payment in fen: a month, a quarter or a year of it, by frequency';
COMMENT ON COLUMN assistance_entitlements.frequency IS 'how often it is paid: monthly (低保, 计生奖励), quarterly (优抚), yearly (优待金)';
COMMENT ON COLUMN assistance_entitlements.class_code IS 'management class (低保 A/B/C, which sets the re-verification interval) or the category (优抚对象类别)';
COMMENT ON COLUMN assistance_entitlements.start_month IS 'first month paid (first day of the month)';
COMMENT ON COLUMN assistance_entitlements.last_month IS 'last month paid after termination';
COMMENT ON COLUMN assistance_entitlements.status IS 'active, suspended or terminated';
COMMENT ON COLUMN assistance_entitlements.suspended_from IS 'first month not paid while suspended';
COMMENT ON COLUMN assistance_entitlements.next_reverification IS 'date the next re-verification falls due';
COMMENT ON COLUMN assistance_entitlements.payee_name IS 'account holder (the household head)';
COMMENT ON COLUMN assistance_entitlements.bank_name IS 'bank of the account';
COMMENT ON COLUMN assistance_entitlements.account_enc IS 'account number, SM4-encrypted';
COMMENT ON COLUMN assistance_entitlements.account_masked IS 'account number with all but the last four digits hidden';
COMMENT ON COLUMN assistance_entitlements.account_changed_at IS 'last change of the account: a failed payment is re-issued only after it';
COMMENT ON COLUMN assistance_entitlements.version IS 'optimistic lock for changes';
COMMENT ON COLUMN assistance_entitlements.created_at IS 'when it was created';

CREATE TABLE assistance_entitlement_members (
  entitlement_id uuid NOT NULL REFERENCES assistance_entitlements(id),
  person_id uuid NOT NULL REFERENCES persons(id),
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (entitlement_id, person_id)
);
-- one active allowance household per person, whatever the code does
CREATE UNIQUE INDEX assistance_entitlement_members_one_active ON assistance_entitlement_members (person_id) WHERE active;
COMMENT ON TABLE assistance_entitlement_members IS 'Members counted in an entitlement; a person is active in at most one';
COMMENT ON COLUMN assistance_entitlement_members.entitlement_id IS 'the entitlement';
COMMENT ON COLUMN assistance_entitlement_members.person_id IS 'the member';
COMMENT ON COLUMN assistance_entitlement_members.active IS 'false once the entitlement ends or the member leaves';

CREATE TABLE assistance_entitlement_changes (
  id bigserial PRIMARY KEY,
  entitlement_id uuid NOT NULL REFERENCES assistance_entitlements(id),
  kind text NOT NULL CHECK (kind IN ('enrol','increase','decrease','suspend','resume','terminate','account','reverify')),
  effective_month date NOT NULL,
  amount_before_fen integer,
  amount_after_fen integer,
  reason text NOT NULL,
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  document_id uuid REFERENCES documents(id)
);
CREATE INDEX assistance_entitlement_changes_entitlement ON assistance_entitlement_changes (entitlement_id, id);
COMMENT ON TABLE assistance_entitlement_changes IS 'Every change of an entitlement (enrolment, increase, decrease, suspension, termination, account, re-verification), with its notice';
COMMENT ON COLUMN assistance_entitlement_changes.id IS 'surrogate key, in order';
COMMENT ON COLUMN assistance_entitlement_changes.entitlement_id IS 'the entitlement';
COMMENT ON COLUMN assistance_entitlement_changes.kind IS 'what changed';
COMMENT ON COLUMN assistance_entitlement_changes.effective_month IS 'first month the change applies to';
COMMENT ON COLUMN assistance_entitlement_changes.amount_before_fen IS 'monthly amount before, in fen';
COMMENT ON COLUMN assistance_entitlement_changes.amount_after_fen IS 'monthly amount after, in fen';
COMMENT ON COLUMN assistance_entitlement_changes.reason IS 'why';
COMMENT ON COLUMN assistance_entitlement_changes.actor_id IS 'who made it';
COMMENT ON COLUMN assistance_entitlement_changes.actor_name IS 'who made it, as shown';
COMMENT ON COLUMN assistance_entitlement_changes.at IS 'when';
COMMENT ON COLUMN assistance_entitlement_changes.document_id IS 'the notice issued for it';

CREATE TABLE payment_cycles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  programme text NOT NULL,
  division_code text NOT NULL REFERENCES divisions(code),
  period date NOT NULL CHECK (extract(day FROM period) = 1),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved')),
  payment_count integer NOT NULL,
  total_fen bigint NOT NULL,
  prepared_by uuid NOT NULL REFERENCES users(id),
  prepared_at timestamptz NOT NULL,
  approved_by uuid REFERENCES users(id),
  approved_at timestamptz,
  CHECK (approved_by IS NULL OR approved_by <> prepared_by),
  UNIQUE (programme, division_code, period)
);
COMMENT ON TABLE payment_cycles IS 'A payment cycle (发放批次) per programme, division and period; drafted by one person, approved by another';
COMMENT ON COLUMN payment_cycles.id IS 'surrogate key';
COMMENT ON COLUMN payment_cycles.number IS 'cycle number, also the prefix of its payment references';
COMMENT ON COLUMN payment_cycles.programme IS 'programme paid';
COMMENT ON COLUMN payment_cycles.division_code IS 'division whose households are paid (its whole subtree)';
COMMENT ON COLUMN payment_cycles.period IS 'first day of the period paid: a month, a quarter (its first month) or a year (January)';
COMMENT ON COLUMN payment_cycles.status IS 'draft or approved (files and returns follow in payment_files)';
COMMENT ON COLUMN payment_cycles.payment_count IS 'control total: payments in the draft';
COMMENT ON COLUMN payment_cycles.total_fen IS 'control total: their sum in fen';
COMMENT ON COLUMN payment_cycles.prepared_by IS 'who drafted it (maker)';
COMMENT ON COLUMN payment_cycles.prepared_at IS 'when';
COMMENT ON COLUMN payment_cycles.approved_by IS 'who approved it (checker, never the maker)';
COMMENT ON COLUMN payment_cycles.approved_at IS 'when';

CREATE TABLE payment_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id uuid NOT NULL REFERENCES payment_cycles(id),
  seq integer NOT NULL,
  bank_template text,
  payment_count integer NOT NULL,
  total_fen bigint NOT NULL,
  exported_by uuid REFERENCES users(id),
  exported_at timestamptz,
  returned_at timestamptz,
  return_file_hash text,
  UNIQUE (cycle_id, seq)
);
COMMENT ON TABLE payment_files IS 'Bank files of a cycle: the first is made with the draft and holds the cycle (exported after approval), later ones hold re-issued payments';
COMMENT ON COLUMN payment_files.id IS 'surrogate key';
COMMENT ON COLUMN payment_files.cycle_id IS 'the cycle';
COMMENT ON COLUMN payment_files.seq IS '1 for the cycle''s file, 2… for re-issues';
COMMENT ON COLUMN payment_files.bank_template IS 'the bank template its columns follow (set when exported)';
COMMENT ON COLUMN payment_files.payment_count IS 'payments in the file';
COMMENT ON COLUMN payment_files.total_fen IS 'their sum in fen: the return file must match it';
COMMENT ON COLUMN payment_files.exported_by IS 'who exported it (null until then)';
COMMENT ON COLUMN payment_files.exported_at IS 'when';
COMMENT ON COLUMN payment_files.returned_at IS 'when the bank''s return file was reconciled';
COMMENT ON COLUMN payment_files.return_file_hash IS 'SM3 of the return file accepted';

CREATE TABLE payments (
  id bigserial PRIMARY KEY,
  cycle_id uuid NOT NULL REFERENCES payment_cycles(id),
  file_id uuid REFERENCES payment_files(id),
  entitlement_id uuid NOT NULL REFERENCES assistance_entitlements(id),
  -- copied from the entitlement (whose own key checks it): a second check per row costs 10% of a city's cycle
  household_id uuid NOT NULL,
  beneficiary_id uuid NOT NULL,
  programme text NOT NULL,
  period date NOT NULL,
  amount_fen integer NOT NULL CHECK (amount_fen > 0),
  reference text NOT NULL UNIQUE,
  payee_name text NOT NULL,
  bank_name text,
  account_enc bytea,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','paid','failed')),
  failure_reason text,
  reissue_of bigint REFERENCES payments(id),
  settled_at timestamptz
);
-- 不重复发放: one live payment per beneficiary, programme and period; a failed one may be re-issued
CREATE UNIQUE INDEX payments_once ON payments (beneficiary_id, programme, period) WHERE status <> 'failed';
CREATE INDEX payments_cycle ON payments (cycle_id, id);
CREATE INDEX payments_entitlement ON payments (entitlement_id, period);
COMMENT ON TABLE payments IS 'One payment to one beneficiary for one period; never twice (payments_once)';
COMMENT ON COLUMN payments.id IS 'surrogate key';
COMMENT ON COLUMN payments.cycle_id IS 'the cycle';
COMMENT ON COLUMN payments.file_id IS 'the bank file it went out in (null until exported)';
COMMENT ON COLUMN payments.entitlement_id IS 'the entitlement paid';
COMMENT ON COLUMN payments.household_id IS 'the household paid, or the household of the person paid';
COMMENT ON COLUMN payments.beneficiary_id IS 'the household or person paid (the entitlement''s beneficiary)';
COMMENT ON COLUMN payments.programme IS 'programme';
COMMENT ON COLUMN payments.period IS 'month paid';
COMMENT ON COLUMN payments.amount_fen IS 'amount in fen';
COMMENT ON COLUMN payments.reference IS 'reference the bank echoes in its return file';
COMMENT ON COLUMN payments.payee_name IS 'account holder';
COMMENT ON COLUMN payments.bank_name IS 'bank';
COMMENT ON COLUMN payments.account_enc IS 'account paid to, SM4-encrypted (as it was when the payment was made)';
COMMENT ON COLUMN payments.status IS 'pending, paid or failed';
COMMENT ON COLUMN payments.failure_reason IS 'the bank''s reason for a failure';
COMMENT ON COLUMN payments.reissue_of IS 'the failed payment this one re-issues';
COMMENT ON COLUMN payments.settled_at IS 'when the return file settled it';

-- the cases that name an entitlement or an online application are found by that name
CREATE INDEX cases_open_reverification ON cases ((data->>'entitlementId')) WHERE type_code = 'allowance_reverification' AND is_open;
CREATE INDEX cases_online_application ON cases ((data->>'onlineApplicationId')) WHERE type_code = 'minimum_allowance';
