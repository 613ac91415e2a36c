-- replaces: 001_core.sql
-- Outside organisations (单位), split out of 001_core.sql.

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('property_company','enterprise','bank','social_organisation','other')),
  credit_code text UNIQUE,
  division_code text NOT NULL REFERENCES divisions(code),
  phone text
);
COMMENT ON TABLE organisations IS 'Outside parties (单位): property companies, enterprises, banks';
COMMENT ON COLUMN organisations.id IS 'surrogate key';
COMMENT ON COLUMN organisations.name IS 'registered name';
COMMENT ON COLUMN organisations.kind IS 'property_company, enterprise, bank, social_organisation, other';
COMMENT ON COLUMN organisations.credit_code IS '18-character unified social credit code (统一社会信用代码)';
COMMENT ON COLUMN organisations.division_code IS 'division where the organisation is registered';
COMMENT ON COLUMN organisations.phone IS 'contact phone';
