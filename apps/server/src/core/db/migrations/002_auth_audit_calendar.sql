-- Users, roles, sessions, idempotency, audit chain, working-day calendar.

CREATE TABLE roles (
  code text PRIMARY KEY,
  name text NOT NULL,
  permissions text[] NOT NULL,
  admin_kind text CHECK (admin_kind IN ('system','security','audit')),
  builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE roles IS 'Roles and the permissions they carry';
COMMENT ON COLUMN roles.code IS 'stable code (window_clerk, reviewer …)';
COMMENT ON COLUMN roles.name IS 'Chinese display name';
COMMENT ON COLUMN roles.permissions IS 'permission codes';
COMMENT ON COLUMN roles.admin_kind IS 'one of the three separated administrator roles (三权分立), which no account may combine';
COMMENT ON COLUMN roles.builtin IS 'shipped with the product; may not be deleted';

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  department_id uuid NOT NULL REFERENCES departments(id),
  password_hash text NOT NULL,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS 'Staff accounts; each belongs to one department';
COMMENT ON COLUMN users.id IS 'surrogate key';
COMMENT ON COLUMN users.username IS 'login name';
COMMENT ON COLUMN users.display_name IS 'name shown in histories';
COMMENT ON COLUMN users.department_id IS 'the department the user works for';
COMMENT ON COLUMN users.password_hash IS 'Argon2id hash';
COMMENT ON COLUMN users.failed_logins IS 'consecutive failures; 5 lock the account';
COMMENT ON COLUMN users.locked_until IS 'end of the current lock';
COMMENT ON COLUMN users.totp_secret IS 'base32 TOTP secret (second factor)';
COMMENT ON COLUMN users.totp_enabled IS 'second factor confirmed';
COMMENT ON COLUMN users.active IS 'false when disabled';
COMMENT ON COLUMN users.created_at IS 'row creation time';

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users(id),
  role_code text NOT NULL REFERENCES roles(code),
  scope text NOT NULL CHECK (scope IN ('department','subtree','all')),
  PRIMARY KEY (user_id, role_code)
);
COMMENT ON TABLE user_roles IS 'Role grants; each carries a scope';
COMMENT ON COLUMN user_roles.user_id IS 'grantee';
COMMENT ON COLUMN user_roles.role_code IS 'role granted';
COMMENT ON COLUMN user_roles.scope IS 'department: own department; subtree: own department''s division and below; all: everything';

CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  csrf_token text NOT NULL,
  second_factor_done boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ip text
);
COMMENT ON TABLE sessions IS 'Server-side sessions, valid across processes; idle ones expire';
COMMENT ON COLUMN sessions.token_hash IS 'SM3 of the session token (the token itself is never stored)';
COMMENT ON COLUMN sessions.user_id IS 'session owner';
COMMENT ON COLUMN sessions.csrf_token IS 'token the console must echo in X-CSRF-Token';
COMMENT ON COLUMN sessions.second_factor_done IS 'TOTP verified (or not required)';
COMMENT ON COLUMN sessions.created_at IS 'login time';
COMMENT ON COLUMN sessions.last_seen_at IS 'last request; idle after 30 minutes';
COMMENT ON COLUMN sessions.ip IS 'client address at login';
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE idempotency_keys (
  actor_id uuid NOT NULL,
  key text NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor_id, key)
);
COMMENT ON TABLE idempotency_keys IS 'First result of a command per actor and Idempotency-Key; a retry returns it';
COMMENT ON COLUMN idempotency_keys.actor_id IS 'the user who sent the command';
COMMENT ON COLUMN idempotency_keys.key IS 'client-chosen key';
COMMENT ON COLUMN idempotency_keys.response IS 'the first result';
COMMENT ON COLUMN idempotency_keys.created_at IS 'when first seen';

-- ── Audit (网络安全法 art. 21) ───────────────────────────────────────
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text,
  action text NOT NULL,
  target_type text,
  target_id text,
  division_code text,
  ip text,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL
);
COMMENT ON TABLE audit_log IS 'Append-only audit trail, SM3 hash chain; UPDATE and DELETE are refused';
COMMENT ON COLUMN audit_log.seq IS 'position in the chain (gaps from rolled-back transactions are harmless: prev_hash links entries)';
COMMENT ON COLUMN audit_log.at IS 'time of the event';
COMMENT ON COLUMN audit_log.actor_id IS 'user, NULL for the system';
COMMENT ON COLUMN audit_log.actor_name IS 'username at the time';
COMMENT ON COLUMN audit_log.action IS 'event code (auth.login, person.reveal, case.act …)';
COMMENT ON COLUMN audit_log.target_type IS 'kind of record concerned';
COMMENT ON COLUMN audit_log.target_id IS 'id of the record concerned';
COMMENT ON COLUMN audit_log.division_code IS 'division of the record, for scoped search';
COMMENT ON COLUMN audit_log.ip IS 'client address';
COMMENT ON COLUMN audit_log.details IS 'event data (never a clear ID number)';
COMMENT ON COLUMN audit_log.prev_hash IS 'hash of the previous entry (hex), zeros for the first';
COMMENT ON COLUMN audit_log.hash IS 'SM3 over prev_hash and the canonical content (hex)';
CREATE SEQUENCE audit_log_seq;
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- ── Working-day calendar ─────────────────────────────────────────────
CREATE TABLE calendar_years (
  year integer PRIMARY KEY,
  notice_title text NOT NULL,
  notice_number text,
  notice_published date,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE calendar_years IS 'Years whose State Council holiday notice is loaded; deadline maths refuses other years';
COMMENT ON COLUMN calendar_years.year IS 'calendar year';
COMMENT ON COLUMN calendar_years.notice_title IS 'title of the State Council notice';
COMMENT ON COLUMN calendar_years.notice_number IS 'document number (国办发明电〔…〕…号)';
COMMENT ON COLUMN calendar_years.notice_published IS 'publication date';
COMMENT ON COLUMN calendar_years.loaded_at IS 'when loaded here';

CREATE TABLE calendar_days (
  day date PRIMARY KEY,
  year integer NOT NULL REFERENCES calendar_years(year),
  kind text NOT NULL CHECK (kind IN ('holiday','makeUpWorkday')),
  name text NOT NULL
);
COMMENT ON TABLE calendar_days IS 'Exceptions to Monday-Friday: public holidays and weekend days that are working days (调休)';
COMMENT ON COLUMN calendar_days.day IS 'the date';
COMMENT ON COLUMN calendar_days.year IS 'the notice year it comes from';
COMMENT ON COLUMN calendar_days.kind IS 'holiday (day off) or makeUpWorkday (补班)';
COMMENT ON COLUMN calendar_days.name IS 'festival name (国庆节 …)';
