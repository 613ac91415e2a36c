-- The public faces: department directory details, resident sign-in by phone and one-time code.

ALTER TABLE departments ADD COLUMN address text;
ALTER TABLE departments ADD COLUMN hours text;
COMMENT ON COLUMN departments.address IS 'street address shown in the public directory';
COMMENT ON COLUMN departments.hours IS 'office hours shown in the public directory (free text, e.g. 周一至周五 8:30-12:00 14:30-17:30)';

CREATE TABLE resident_codes (
  id bigserial PRIMARY KEY,
  phone_bidx bytea NOT NULL,
  code_hash bytea NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE resident_codes IS 'One-time sign-in codes sent to residents by SMS';
COMMENT ON COLUMN resident_codes.id IS 'surrogate key';
COMMENT ON COLUMN resident_codes.phone_bidx IS 'blind index (HMAC-SM3) of the phone number; the number itself is not stored here';
COMMENT ON COLUMN resident_codes.code_hash IS 'SM3 of phone index and code';
COMMENT ON COLUMN resident_codes.expires_at IS 'code valid until (5 minutes)';
COMMENT ON COLUMN resident_codes.attempts IS 'wrong guesses so far; 5 ends the code';
COMMENT ON COLUMN resident_codes.used_at IS 'when it signed the resident in';
COMMENT ON COLUMN resident_codes.created_at IS 'when it was sent';
CREATE INDEX resident_codes_phone_idx ON resident_codes (phone_bidx, created_at DESC);

CREATE TABLE resident_sessions (
  token_hash bytea PRIMARY KEY,
  phone_bidx bytea NOT NULL,
  phone_masked text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
COMMENT ON TABLE resident_sessions IS 'Resident (portal) sessions, separate from staff sessions';
COMMENT ON COLUMN resident_sessions.token_hash IS 'SM3 of the session token';
COMMENT ON COLUMN resident_sessions.phone_bidx IS 'blind index of the signed-in phone number';
COMMENT ON COLUMN resident_sessions.phone_masked IS 'phone number as shown, 138****5678';
COMMENT ON COLUMN resident_sessions.created_at IS 'sign-in time';
COMMENT ON COLUMN resident_sessions.expires_at IS 'valid until (7 days)';
