-- replaces: 024_query_codes_open311.sql
-- Issue 15, the residents' side. A case was followed (and rated) with its sequential number and the
-- last four characters of an ID number: guessable. Every case and every enterprise agency package now
-- carries a random query code (查询码) printed on its receipt; failed look-ups are counted in the
-- database per address and per case so guessing stops after a few tries, whichever process answers.
-- Open311 publishes only the matters of categories marked public.

-- 8 characters from 31 that cannot be misread (no 0/O, 1/I/L): about 40 bits. The bytes come from
-- gen_random_uuid(), the server's strong random source (random() is not); two bytes per character
-- keep the modulo bias below 1/2000.
CREATE FUNCTION new_query_code() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', ((get_byte(b, i * 2) * 256 + get_byte(b, i * 2 + 1)) % 31) + 1, 1), '' ORDER BY i)
    FROM (SELECT decode(replace(gen_random_uuid()::text, '-', ''), 'hex') AS b) r, generate_series(0, 7) AS i
$$;
COMMENT ON FUNCTION new_query_code() IS 'A fresh random query code (8 characters of 23456789ABCDEFGHJKMNPQRSTUVWXYZ)';

-- a volatile default is evaluated per row: existing cases and packages get their own code here
ALTER TABLE cases ADD COLUMN query_code text NOT NULL DEFAULT new_query_code() CHECK (query_code ~ '^[2-9A-HJKMNP-Z]{8}$');
COMMENT ON COLUMN cases.query_code IS 'random query code (查询码) printed on the receipt: with the number it lets the applicant follow and rate the case on the portal';
-- Split out of 024_query_codes_open311.sql with 024_query_codes_agency.sql (modules/agency),
-- 024_lookup_failures.sql (modules/portal), 024_open311_public.sql (modules/complaints) and
-- 024_evaluations_comment.sql (modules/evaluation).
