-- Authentication hardening (issue 15): exponential back-off instead of an indefinite lock, a per-address
-- failure limit, TOTP time steps accepted once, a second factor re-bound only on confirmation, and the
-- socket address beside the (possibly proxied) client address in the audit log.

COMMENT ON COLUMN users.failed_logins IS 'consecutive failed sign-ins (password or one-time code); from the threshold on, each one backs the account off longer; reset by a successful sign-in';
COMMENT ON COLUMN users.locked_until IS 'end of the current back-off: until then every sign-in is refused with the same reply as a wrong password';

ALTER TABLE users ADD COLUMN totp_last_step bigint;
COMMENT ON COLUMN users.totp_last_step IS 'the last TOTP time step (unix time / 30 s) accepted for this user: a code of this step or an earlier one is a replay';
ALTER TABLE users ADD COLUMN totp_pending_secret text;
COMMENT ON COLUMN users.totp_pending_secret IS 'a new TOTP secret being bound; it replaces totp_secret only when a code from it is confirmed, so the old factor stays until then';

CREATE TABLE login_address_failures (
  address text PRIMARY KEY,
  window_started timestamptz NOT NULL DEFAULT now(),
  failures integer NOT NULL DEFAULT 0
);
COMMENT ON TABLE login_address_failures IS 'Failed staff sign-ins per client address in the current window: guessing from one address is refused whatever the usernames tried';
COMMENT ON COLUMN login_address_failures.address IS 'client address (the socket address, or the address a trusted proxy reported)';
COMMENT ON COLUMN login_address_failures.window_started IS 'start of the counting window; a failure after the window restarts it';
COMMENT ON COLUMN login_address_failures.failures IS 'failed sign-ins from the address since window_started';

ALTER TABLE audit_log ADD COLUMN socket_ip text;
COMMENT ON COLUMN audit_log.socket_ip IS 'address of the TCP peer (a proxy, when one is trusted); ip is the client address derived from it; NULL for entries not made by an HTTP request';
