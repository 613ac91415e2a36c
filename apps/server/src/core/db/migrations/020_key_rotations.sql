-- Re-encryption runs over every protected field (core/crypto/reencrypt.ts): the one-time upgrade of
-- format-1 blobs (SM4-CBC without integrity) to format 2 (SM4-CTR + HMAC-SM3 with a key id), and
-- `grassroots keys rotate`. The rewrite itself needs the key, so it runs in the application, not in
-- SQL; this table is its progress, so a run cut short by a crash continues where it stopped.

CREATE TABLE key_rotations (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('upgrade', 'rotate')),
  target_key_id text NOT NULL CHECK (target_key_id ~ '^[0-9a-f]{8}$'),
  progress jsonb NOT NULL DEFAULT '{}',
  rewritten bigint NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
COMMENT ON TABLE key_rotations IS 'runs that re-encrypt every protected field and recompute its blind index under one key';
COMMENT ON COLUMN key_rotations.kind IS 'upgrade: format-1 blobs to format 2 (once, at start-up); rotate: everything to a new key (grassroots keys rotate)';
COMMENT ON COLUMN key_rotations.target_key_id IS 'id of the master key everything is rewritten under (a hash of the key, not the key)';
COMMENT ON COLUMN key_rotations.progress IS 'per table: the last primary key done (as text), or true when the table is finished';
COMMENT ON COLUMN key_rotations.rewritten IS 'fields rewritten so far';
COMMENT ON COLUMN key_rotations.finished_at IS 'null while the run is unfinished: a re-run continues it';

-- at most one unfinished run of each kind: two processes starting together cannot both start one
CREATE UNIQUE INDEX key_rotations_one_open ON key_rotations (kind) WHERE finished_at IS NULL;
