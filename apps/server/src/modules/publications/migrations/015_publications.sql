-- replaces: 015_service_centre.sql
-- The village consultants printed on each village's card, and the generated publications; split out
-- of 015_service_centre.sql.

CREATE TABLE village_consultants (
  division_code text PRIMARY KEY REFERENCES divisions(code),
  name text NOT NULL,
  phone text NOT NULL,
  updated_at timestamptz NOT NULL
);
COMMENT ON TABLE village_consultants IS '便民服务咨询员, one per village: a public contact printed on the village''s household card';
COMMENT ON COLUMN village_consultants.division_code IS 'the village or community';
COMMENT ON COLUMN village_consultants.name IS 'name printed on the card';
COMMENT ON COLUMN village_consultants.phone IS 'service phone printed on the card (published by design, so not encrypted)';
COMMENT ON COLUMN village_consultants.updated_at IS 'last change (part of the publications'' fingerprint)';

CREATE TABLE publications (
  kind text NOT NULL CHECK (kind IN ('card','board','handbook')),
  scope text NOT NULL,
  fingerprint text NOT NULL,
  file_hash text NOT NULL,
  generated_at timestamptz NOT NULL,
  PRIMARY KEY (kind, scope, fingerprint)
);
COMMENT ON TABLE publications IS 'Generated household cards, notice boards and handbooks, kept per fingerprint of what they print: a catalogue change makes a new one';
COMMENT ON COLUMN publications.kind IS 'card (一卡通), board (村务公开栏), handbook (办事指南汇编)';
COMMENT ON COLUMN publications.scope IS 'the division printed for (a village for cards and boards, the county for the handbook)';
COMMENT ON COLUMN publications.fingerprint IS 'SM3 of the items'' versions, departments and consultant printed';
COMMENT ON COLUMN publications.file_hash IS 'the PDF in the file store';
COMMENT ON COLUMN publications.generated_at IS 'when rendered';
