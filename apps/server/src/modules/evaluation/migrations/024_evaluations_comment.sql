-- replaces: 024_query_codes_open311.sql
-- Split out of 024_query_codes_open311.sql.

COMMENT ON TABLE evaluations IS '好差评: one evaluation per case whatever the channel (the service checks under the case row''s lock; cases rated before migration 024 may hold one per channel), never edited (UPDATE and DELETE are refused)';
