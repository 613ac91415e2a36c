-- Case numbers (办件编号, PREFIX-YYYY-NNNNNN) come from PostgreSQL sequences, one per prefix and year,
-- no longer from the gap-free `sequences` table (issue 17). The law asks gap-free series only of
-- official numbers (文号, certificate numbers: spec, Documents), and a case number is a file
-- reference, not one of them; the gap-free counter's row stayed locked from the opening until COMMIT,
-- so every opening of a type queued behind the one before it. A sequence locks nothing and a rollback
-- leaves a gap. Numbers stay unique (cases.number is UNIQUE) and grow within a prefix and year.
-- Official documents keep the gap-free counter (core/documents/numbering.ts).

-- The next serial of the case numbers PREFIX-YEAR-…: the sequence `case_numbers_<prefix>_<year>`,
-- made on first use. A new sequence starts after the highest serial already given under that prefix
-- and year (numbers the gap-free counter gave before this migration, or any written by hand), so no
-- number comes back. Two sessions making the same sequence at once: the second waits for the first
-- to commit and then fails with duplicate_table or unique_violation, caught here, and takes the
-- first's. Only that first use enters the exception block (a subtransaction); every later call is a
-- catalogue lookup and nextval. It runs as the owner: the application role may not create objects.
CREATE FUNCTION next_case_serial(prefix text, year integer) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  seq_name text := format('case_numbers_%s_%s', lower(prefix), year);
  seq regclass := to_regclass(seq_name);
  start bigint;
BEGIN
  IF seq IS NULL THEN
    IF prefix !~ '^[A-Z]{1,4}$' OR year NOT BETWEEN 1000 AND 9999 THEN
      RAISE EXCEPTION 'bad case number prefix or year: % %', prefix, year;
    END IF;
    SELECT COALESCE(max(substr(number, length(prefix) + 7)::bigint), 0) + 1 INTO start
      FROM cases WHERE number LIKE prefix || '-' || year || '-%';
    BEGIN
      EXECUTE format('CREATE SEQUENCE %I START WITH %s', seq_name, start);
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
      NULL; -- made by a concurrent first use: take numbers from it
    END;
    seq := to_regclass(seq_name);
  END IF;
  RETURN nextval(seq);
END
$$;
COMMENT ON FUNCTION next_case_serial(text, integer) IS
  'Next serial of the case numbers PREFIX-YEAR-NNNNNN, from a sequence per prefix and year made on first use: unique and increasing, not gap-free (a rollback leaves a gap)';
REVOKE ALL ON FUNCTION next_case_serial(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION next_case_serial(text, integer) TO grassroots_app;

COMMENT ON COLUMN cases.number IS 'case number PREFIX-YEAR-NNNNNN from next_case_serial(): unique and increasing per prefix and year, not gap-free';
-- the gap-free counters cases were numbered by until now: the sequences above start after their numbers
DELETE FROM sequences WHERE name LIKE 'case:%';
