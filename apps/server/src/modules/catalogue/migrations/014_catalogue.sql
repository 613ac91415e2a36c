-- The service catalogue (办事指南): every element of a national service guide, versioned. An edit
-- makes a new version; the old one stays, so an open case keeps the guide it was accepted under.
CREATE TABLE service_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  current boolean NOT NULL DEFAULT true,
  name text NOT NULL,
  kind text NOT NULL,
  department_code text NOT NULL REFERENCES departments(code),
  handling_mode text NOT NULL CHECK (handling_mode IN ('onTheSpot','promised','agency','forwarded')),
  statutory_days integer NOT NULL CHECK (statutory_days >= 0),
  promised_days integer NOT NULL CHECK (promised_days >= 0),
  limit_unit text NOT NULL DEFAULT 'working' CHECK (limit_unit IN ('working','calendar')),
  guide jsonb NOT NULL,
  search_text text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (promised_days <= statutory_days),
  UNIQUE (code, version)
);
CREATE UNIQUE INDEX service_items_one_current ON service_items (code) WHERE current;
CREATE INDEX service_items_search ON service_items USING gin (search_text gin_trgm_ops) WHERE current;
COMMENT ON TABLE service_items IS 'Service catalogue items (办事指南), one row per version; exactly one current version per code';
COMMENT ON COLUMN service_items.id IS 'surrogate key of this version';
COMMENT ON COLUMN service_items.code IS 'item code (事项编码), the same across versions';
COMMENT ON COLUMN service_items.version IS '1, 2, … per code';
COMMENT ON COLUMN service_items.current IS 'the version new applications use';
COMMENT ON COLUMN service_items.name IS 'item name';
COMMENT ON COLUMN service_items.kind IS 'licence, payment, confirmation, adjudication, reward, publicService, other';
COMMENT ON COLUMN service_items.department_code IS 'responsible department';
COMMENT ON COLUMN service_items.handling_mode IS 'onTheSpot (即办), promised (承诺件), agency (代办), forwarded (转报上级)';
COMMENT ON COLUMN service_items.statutory_days IS 'statutory time limit (法定时限)';
COMMENT ON COLUMN service_items.promised_days IS 'promised time limit (承诺时限), never longer than the statutory one';
COMMENT ON COLUMN service_items.limit_unit IS 'working or calendar days';
COMMENT ON COLUMN service_items.guide IS 'the rest of the guide: window, legal basis, conditions, materials, steps, fees, place, hours, phones, visits, appointment';
COMMENT ON COLUMN service_items.search_text IS 'name, code, conditions and materials, for trigram search';
COMMENT ON COLUMN service_items.created_by IS 'who entered this version';
COMMENT ON COLUMN service_items.created_at IS 'when';
