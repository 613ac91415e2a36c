-- replaces: 023_residents_side.sql
-- Issue 15, the residents' side: a stored file may be attached to a record only by whoever uploaded
-- it, so knowing a file's hash gives no way to it. Split out of 023_residents_side.sql with
-- 023_verified_accounts.sql (modules/assistance).

CREATE TABLE attachment_uploads (
  id bigserial PRIMARY KEY,
  hash text NOT NULL REFERENCES attachments(hash),
  user_id uuid REFERENCES users(id),
  resident_phone_bidx bytea,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (resident_phone_bidx IS NULL))
);
CREATE UNIQUE INDEX attachment_uploads_user ON attachment_uploads (hash, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX attachment_uploads_resident ON attachment_uploads (hash, resident_phone_bidx) WHERE resident_phone_bidx IS NOT NULL;
COMMENT ON TABLE attachment_uploads IS 'Who uploaded each stored file: the same bytes are stored once, but attached to a record only by someone who uploaded them';
COMMENT ON COLUMN attachment_uploads.hash IS 'the stored file';
COMMENT ON COLUMN attachment_uploads.user_id IS 'the member of staff who uploaded it';
COMMENT ON COLUMN attachment_uploads.resident_phone_bidx IS 'blind index of the signed-in resident''s phone that uploaded it';
COMMENT ON COLUMN attachment_uploads.uploaded_at IS 'when';
