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
ALTER TABLE agency_packages ADD COLUMN query_code text NOT NULL DEFAULT new_query_code() CHECK (query_code ~ '^[2-9A-HJKMNP-Z]{8}$');
COMMENT ON COLUMN agency_packages.query_code IS 'random query code (查询码) given to the enterprise with the package number, to follow the package and complain through it';

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

ALTER TABLE complaint_categories ADD COLUMN public boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN complaint_categories.public IS 'matters of this category are published on Open311 (category summary, coarse position); false: internal only';
-- the demo's public categories: roads and street lights, heating, water and power supply
UPDATE complaint_categories SET public = true WHERE code IN ('municipal', 'property.utilities.heating', 'property.utilities.water', 'property.utilities.power');

COMMENT ON TABLE evaluations IS '好差评: one evaluation per case whatever the channel (the service checks under the case row''s lock; cases rated before migration 024 may hold one per channel), never edited (UPDATE and DELETE are refused)';
