-- replaces: 001_core.sql
-- Core schema: divisions and departments; users, audit, calendar, cases and documents follow in 002-003.
-- Split out of 001_core.sql with 001_organisations.sql (modules/org) and 001_registry.sql (modules/registry).
-- Every column carries a comment; the audit table refuses UPDATE and DELETE.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ── Divisions (行政区划) ──────────────────────────────────────────────
CREATE TABLE divisions (
  code text PRIMARY KEY,
  name text NOT NULL,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 6),
  parent_code text REFERENCES divisions(code),
  path text NOT NULL,
  successor_code text REFERENCES divisions(code),
  valid_from date NOT NULL DEFAULT DATE '1949-10-01',
  valid_until date
);
COMMENT ON TABLE divisions IS 'Administrative division tree (行政区划): GB/T 2260 to county, 12-digit statistical codes below';
COMMENT ON COLUMN divisions.code IS '6-digit GB/T 2260 code (levels 1-3) or 12-digit statistical code (levels 4-6)';
COMMENT ON COLUMN divisions.level IS '1 province, 2 city, 3 county, 4 township/subdistrict, 5 village/community, 6 grid';
COMMENT ON COLUMN divisions.parent_code IS 'parent at creation; never rewritten, so history keeps the original tree';
COMMENT ON COLUMN divisions.path IS 'materialised ancestry "/code/code/…/" used for subtree filters; after a merge it runs through the successor';
COMMENT ON COLUMN divisions.successor_code IS 'the node that took this one over in a re-zoning (e.g. two townships merged)';
COMMENT ON COLUMN divisions.valid_from IS 'first day the node exists (Asia/Shanghai)';
COMMENT ON COLUMN divisions.valid_until IS 'last day the node exists; NULL while current';
CREATE INDEX divisions_path_idx ON divisions (path text_pattern_ops);
CREATE INDEX divisions_parent_idx ON divisions (parent_code);

-- ── Departments ──────────────────────────────────────────────────────
CREATE TABLE departments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL,
  division_code text NOT NULL REFERENCES divisions(code),
  phone text,
  active boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE departments IS 'Government offices (民政局, 街道办事处, 社区居委会, 便民服务中心 …) attached to a division';
COMMENT ON COLUMN departments.code IS 'stable short code used in configuration and imports';
COMMENT ON COLUMN departments.kind IS 'civil_affairs, township_office, community_committee, service_centre, police_station, market_regulation, statistics, …';
COMMENT ON COLUMN departments.division_code IS 'the division the department serves';
COMMENT ON COLUMN departments.phone IS 'public phone for enquiries';
COMMENT ON COLUMN departments.active IS 'false once dissolved; kept for history';
COMMENT ON COLUMN departments.name IS 'official name in Chinese';
COMMENT ON COLUMN departments.id IS 'surrogate key';
CREATE INDEX departments_division_idx ON departments (division_code);
