-- replaces: 024_query_codes_open311.sql
-- Failed public look-ups, counted so that guessing query codes stops; split out of 024_query_codes_open311.sql.

CREATE TABLE lookup_failures (
  scope text NOT NULL CHECK (scope IN ('address', 'case', 'package')),
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, key, window_start)
);
CREATE INDEX lookup_failures_window ON lookup_failures (window_start);
COMMENT ON TABLE lookup_failures IS 'Failed public look-ups by number and query code, per client address and per case or package, counted atomically per hour (kept a day)';
COMMENT ON COLUMN lookup_failures.scope IS 'address: a client address; case: a case number; package: an agency package number';
COMMENT ON COLUMN lookup_failures.key IS 'the address or the number';
COMMENT ON COLUMN lookup_failures.window_start IS 'the start of the hour the failures count in';
COMMENT ON COLUMN lookup_failures.failures IS 'failed (or still undecided) attempts in that hour';
