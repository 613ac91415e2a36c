-- The audit chain is sealed after commit instead of under a lock held to commit.
-- A command inserts its entry (content only) in its own transaction, with no lock; the sealer
-- appends committed entries to the chain in the order it finds them (chain order = seal order).

DROP FUNCTION audit_chain_head();

ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN hash DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq');
ALTER TABLE audit_log ALTER COLUMN at SET DEFAULT date_trunc('milliseconds', clock_timestamp());
ALTER TABLE audit_log ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE audit_log ADD COLUMN chain_pos bigint UNIQUE;
COMMENT ON COLUMN audit_log.xid IS 'transaction that wrote the entry (for forensics)';
COMMENT ON COLUMN audit_log.chain_pos IS 'position in the hash chain, given when the entry is sealed (NULL for the seconds before)';
COMMENT ON COLUMN audit_log.prev_hash IS 'hash of the previous entry in the chain (hex), zeros for the first; NULL until sealed';
COMMENT ON COLUMN audit_log.hash IS 'SM3 over prev_hash and the canonical content (hex); NULL until sealed';
CREATE INDEX audit_log_unsealed_idx ON audit_log (seq) WHERE hash IS NULL;

-- the only change ever allowed: sealing an unsealed entry, its content untouched
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_log' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.chain_pos IS NOT NULL
     AND (NEW.seq, NEW.at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.target_type, NEW.target_id, NEW.division_code, NEW.ip, NEW.details, NEW.xid)
         IS NOT DISTINCT FROM (OLD.seq, OLD.at, OLD.actor_id, OLD.actor_name, OLD.action, OLD.target_type, OLD.target_id, OLD.division_code, OLD.ip, OLD.details, OLD.xid) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END $$;

-- entries written before this migration were sealed in seq order
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log a SET chain_pos = r.n FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM audit_log) r WHERE a.seq = r.seq;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
