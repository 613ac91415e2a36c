-- The audit log cannot be rewritten by the application (issue 15).
-- Until now the application's own database role owned audit_log: it could switch the append-only
-- trigger off and delete the tail, and the chain still verified. From here on the role that runs the
-- migrations (the owner) owns every table and trigger, and the application works as grassroots_app,
-- which may only read and append to the audit log. Sealing and anchoring go through two functions
-- that run with the owner's rights and do nothing else.

-- Roles are cluster-wide: many databases of one server (tests clone a template) share this one.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'grassroots_app') THEN
    BEGIN
      CREATE ROLE grassroots_app NOLOGIN;
      -- (commenting needs CREATEROLE: only whoever creates the role does it)
      COMMENT ON ROLE grassroots_app IS 'Grassroots application: data rights on the tables, no ownership; the audit log is read and append only';
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database's migration created it at the same moment
    END;
  END IF;
END $$;

-- The chain's head, written down now and then where the application cannot change it. Each row says
-- "the chain had chain_pos entries, the last one seq with this hash": a shorter chain, or another
-- hash at that position, means the log was cut or rewritten.
CREATE TABLE audit_anchors (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  chain_pos bigint NOT NULL,
  seq bigint NOT NULL,
  hash text NOT NULL
);
COMMENT ON TABLE audit_anchors IS 'Anchors of the audit chain''s head (count and hash), append-only; the application may only add the current head through audit_anchor()';
COMMENT ON COLUMN audit_anchors.id IS 'order of anchoring';
COMMENT ON COLUMN audit_anchors.at IS 'when the head was anchored';
COMMENT ON COLUMN audit_anchors.chain_pos IS 'number of sealed entries in the chain at that time (the head''s chain position)';
COMMENT ON COLUMN audit_anchors.seq IS 'seq of the head entry';
COMMENT ON COLUMN audit_anchors.hash IS 'hash of the head entry';
CREATE INDEX audit_anchors_pos_idx ON audit_anchors (chain_pos);

CREATE FUNCTION audit_anchors_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_anchors is append-only: % refused', TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE OR DELETE ON audit_anchors
  FOR EACH ROW EXECUTE FUNCTION audit_anchors_refuse_change();
CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION audit_anchors_refuse_change();

-- Sealing: the application computes the SM3 hashes (the database has no SM3) and hands them over.
-- Only unsealed entries are touched (the trigger refuses any other change) and only right after the
-- current head, so the function cannot move or rewrite what is already in the chain. A wrong hash
-- is caught by verification like any other alteration.
CREATE FUNCTION audit_seal(seqs bigint[], positions bigint[], prevs text[], hashes text[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head bigint;
  n integer;
BEGIN
  SELECT coalesce(max(chain_pos), 0) INTO head FROM audit_log;
  IF cardinality(positions) > 0 AND positions[1] <> head + 1 THEN
    RAISE EXCEPTION 'audit_seal: the chain''s head is at %, not %', head, positions[1] - 1 USING ERRCODE = '42501';
  END IF;
  UPDATE audit_log a SET chain_pos = u.pos, prev_hash = u.prev, hash = u.hash
  FROM unnest(seqs, positions, prevs, hashes) AS u(seq, pos, prev, hash)
  WHERE a.seq = u.seq AND a.hash IS NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
COMMENT ON FUNCTION audit_seal(bigint[], bigint[], text[], text[]) IS 'Links committed, unsealed audit entries into the chain after its head (runs as the owner; the application has no UPDATE on audit_log)';

-- Anchoring reads the head itself: the application cannot anchor a head that does not exist.
CREATE FUNCTION audit_anchor() RETURNS SETOF audit_anchors
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO audit_anchors (chain_pos, seq, hash)
  SELECT a.chain_pos, a.seq, a.hash FROM audit_log a
  WHERE a.chain_pos = (SELECT max(chain_pos) FROM audit_log)
    AND NOT EXISTS (SELECT 1 FROM audit_anchors x WHERE x.chain_pos = a.chain_pos)
  RETURNING *;
$$;
COMMENT ON FUNCTION audit_anchor() IS 'Anchors the audit chain''s current head, unless it is anchored already (runs as the owner)';

REVOKE ALL ON FUNCTION audit_seal(bigint[], bigint[], text[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_anchor() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_seal(bigint[], bigint[], text[], text[]) TO grassroots_app;
GRANT EXECUTE ON FUNCTION audit_anchor() TO grassroots_app;

-- The application role's rights, granted again after every migration run and after the job queue's
-- tables are installed, so that tables added later are covered whoever created them.
CREATE FUNCTION grassroots_grant_app() RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  content text;
BEGIN
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO grassroots_app', current_database());
  GRANT USAGE ON SCHEMA public TO grassroots_app;
  GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES ON ALL TABLES IN SCHEMA public TO grassroots_app;
  GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO grassroots_app;
  -- the evidence: read and append only; the anchors only through audit_anchor(); migrations are the owner's
  REVOKE ALL ON audit_log, audit_anchors, schema_migrations FROM grassroots_app;
  GRANT SELECT ON audit_log TO grassroots_app;
  -- an entry's content only: its number, time and transaction come from the database (no backdating),
  -- its place in the chain from audit_seal()
  SELECT string_agg(quote_ident(column_name), ', ') INTO content FROM information_schema.columns
   WHERE table_schema = 'public' AND table_name = 'audit_log' AND column_name NOT IN ('seq', 'at', 'xid', 'prev_hash', 'hash', 'chain_pos');
  EXECUTE format('GRANT INSERT (%s) ON audit_log TO grassroots_app', content);
  GRANT SELECT ON audit_anchors, schema_migrations TO grassroots_app;
  -- the job queue: its tables are installed by the owner, the application only moves jobs
  IF to_regnamespace('pgboss') IS NOT NULL THEN
    GRANT USAGE ON SCHEMA pgboss TO grassroots_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO grassroots_app;
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA pgboss TO grassroots_app;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO grassroots_app;
  END IF;
END $$;
COMMENT ON FUNCTION grassroots_grant_app() IS 'Grants grassroots_app its data rights (idempotent; run by the owner after migrations)';
REVOKE ALL ON FUNCTION grassroots_grant_app() FROM PUBLIC;

SELECT grassroots_grant_app();
