-- replaces: 024_query_codes_open311.sql
-- Query codes for agency packages (new_query_code() is the core's, from 024_query_codes.sql, which
-- sorts first); split out of 024_query_codes_open311.sql.

ALTER TABLE agency_packages ADD COLUMN query_code text NOT NULL DEFAULT new_query_code() CHECK (query_code ~ '^[2-9A-HJKMNP-Z]{8}$');
COMMENT ON COLUMN agency_packages.query_code IS 'random query code (查询码) given to the enterprise with the package number, to follow the package and complain through it';
