-- One round trip to take the audit chain's lock and read its head, instead of three.

CREATE FUNCTION audit_chain_head(OUT prev_hash text, OUT next_seq bigint, OUT at timestamptz) LANGUAGE plpgsql AS $$
BEGIN
  -- held until the transaction ends: writers append one after another, each seeing the last committed head
  PERFORM pg_advisory_xact_lock(7311002);
  SELECT a.hash INTO prev_hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
  next_seq := nextval('audit_log_seq');
  at := date_trunc('milliseconds', clock_timestamp());
END $$;
COMMENT ON FUNCTION audit_chain_head() IS 'Locks the audit chain for the current transaction and returns the previous hash, the next seq and the time';
