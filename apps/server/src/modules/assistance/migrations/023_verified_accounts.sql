-- replaces: 023_residents_side.sql
-- Split out of 023_residents_side.sql with 023_attachment_uploads.sql (the core's).

-- Issue 15, the residents' side. A bank account typed on the portal is paid only once a clerk has
-- checked it against the applicant's own bank card or passbook; an online application records who
-- filed it (the applicant, or an adult of the household, by the phone registered for them); and a
-- stored file may be attached to a record only by whoever uploaded it, so knowing a file's hash
-- gives no way to it.

ALTER TABLE assistance_entitlements ADD COLUMN account_verified_at timestamptz;
ALTER TABLE assistance_entitlements ADD COLUMN account_verified_by uuid REFERENCES users(id);
ALTER TABLE assistance_entitlements ADD COLUMN account_verified_against text
  CHECK (account_verified_against IN ('bankCard', 'passbook', 'staffEntry'));
COMMENT ON COLUMN assistance_entitlements.account_verified_at IS 'when the account was confirmed as the payee''s own; null: not verified, not paid (an account typed on the portal starts so)';
COMMENT ON COLUMN assistance_entitlements.account_verified_by IS 'the member of staff who confirmed it (null only for accounts confirmed before migration 023)';
COMMENT ON COLUMN assistance_entitlements.account_verified_against IS 'bankCard or passbook: checked against the payee''s own card or passbook; staffEntry: typed by staff from the document presented';

-- Accounts staff typed (a change of account, or a programme registered at the window) count as
-- checked; an account that came from an online application and was never changed does not.
UPDATE assistance_entitlements e
   SET account_verified_at = COALESCE(e.account_changed_at, e.created_at), account_verified_against = 'staffEntry'
 WHERE e.account_enc IS NOT NULL
   AND (e.case_id IS NULL OR EXISTS (SELECT 1 FROM assistance_entitlement_changes x WHERE x.entitlement_id = e.id AND x.kind = 'account'));

ALTER TABLE assistance_entitlements ADD CONSTRAINT assistance_entitlements_verified_account
  CHECK ((account_verified_at IS NULL OR account_enc IS NOT NULL) AND ((account_verified_at IS NULL) = (account_verified_against IS NULL)));

-- The last word on paying an unverified account is the database's, as for paying twice. Once per
-- statement over the inserted rows: a cycle of a hundred thousand payments costs one join, not a
-- lookup per row.
CREATE FUNCTION payments_require_verified_account() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unverified uuid;
BEGIN
  SELECT i.entitlement_id INTO unverified FROM inserted_payments i JOIN assistance_entitlements e ON e.id = i.entitlement_id
   WHERE e.account_verified_at IS NULL LIMIT 1;
  IF unverified IS NOT NULL THEN
    RAISE EXCEPTION 'payment to an unverified account (entitlement %)', unverified USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payments_verified_account AFTER INSERT ON payments REFERENCING NEW TABLE AS inserted_payments
  FOR EACH STATEMENT EXECUTE FUNCTION payments_require_verified_account();

ALTER TABLE assistance_online_applications ADD COLUMN filed_by text CHECK (filed_by IN ('applicant', 'householdMember'));
ALTER TABLE assistance_online_applications ADD COLUMN filer_person_id uuid REFERENCES persons(id);
COMMENT ON COLUMN assistance_online_applications.filed_by IS 'applicant: the signed-in phone is the applicant''s registered phone; householdMember: that of an adult of the same household (null before migration 023)';
COMMENT ON COLUMN assistance_online_applications.filer_person_id IS 'the registered person whose phone signed in and filed the application';
