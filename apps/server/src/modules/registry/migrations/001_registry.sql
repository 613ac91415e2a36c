-- replaces: 001_core.sql
-- The registry, split out of 001_core.sql.

-- ── Registry (全员人口信息库) ─────────────────────────────────────────
CREATE TABLE persons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  id_number_enc bytea NOT NULL,
  id_number_bidx bytea NOT NULL UNIQUE,
  id_number_masked text NOT NULL,
  name text NOT NULL,
  sex text NOT NULL CHECK (sex IN ('male','female')),
  birth_date date NOT NULL,
  ethnicity text,
  phone_enc bytea,
  phone_bidx bytea,
  phone_masked text,
  registered_address text,
  residence_address text,
  residence_type text NOT NULL DEFAULT 'resident' CHECK (residence_type IN ('resident','floating')),
  marital_status text CHECK (marital_status IN ('unmarried','married','divorced','widowed')),
  disability_grade smallint CHECK (disability_grade BETWEEN 1 AND 4),
  is_veteran boolean NOT NULL DEFAULT false,
  division_code text NOT NULL REFERENCES divisions(code),
  provenance jsonb NOT NULL DEFAULT '{}',
  search_text text NOT NULL DEFAULT '',
  search_tokens tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE persons IS 'Persons keyed by resident ID number (GB 11643); ID and phone encrypted with SM4';
COMMENT ON COLUMN persons.id IS 'surrogate key';
COMMENT ON COLUMN persons.id_number_enc IS 'SM4-encrypted resident ID number';
COMMENT ON COLUMN persons.id_number_bidx IS 'HMAC-SM3 blind index of the ID number for exact lookup';
COMMENT ON COLUMN persons.id_number_masked IS 'masked form shown in lists (4201**********123X)';
COMMENT ON COLUMN persons.name IS 'name as registered';
COMMENT ON COLUMN persons.sex IS 'male or female; must agree with the ID number';
COMMENT ON COLUMN persons.birth_date IS 'must agree with the ID number';
COMMENT ON COLUMN persons.ethnicity IS 'ethnic group (民族)';
COMMENT ON COLUMN persons.phone_enc IS 'SM4-encrypted phone';
COMMENT ON COLUMN persons.phone_bidx IS 'HMAC-SM3 blind index of the phone';
COMMENT ON COLUMN persons.phone_masked IS 'masked phone (138****5678)';
COMMENT ON COLUMN persons.registered_address IS 'household registration address (户籍地)';
COMMENT ON COLUMN persons.residence_address IS 'actual residence (居住地)';
COMMENT ON COLUMN persons.residence_type IS 'resident (常住) or floating (流动)';
COMMENT ON COLUMN persons.marital_status IS 'unmarried, married, divorced, widowed';
COMMENT ON COLUMN persons.disability_grade IS 'disability grade 1-4, NULL if none';
COMMENT ON COLUMN persons.is_veteran IS 'veteran flag (退役军人)';
COMMENT ON COLUMN persons.division_code IS 'village/community of residence; jurisdiction filters use it';
COMMENT ON COLUMN persons.provenance IS '{field: {source, at, importId}}: which department supplied each field and when';
COMMENT ON COLUMN persons.search_text IS 'name and addresses, for trigram search';
COMMENT ON COLUMN persons.search_tokens IS 'jieba tokens and character bigrams (config simple)';
COMMENT ON COLUMN persons.created_at IS 'row creation time';
COMMENT ON COLUMN persons.updated_at IS 'last change time';
CREATE INDEX persons_division_idx ON persons (division_code);
CREATE INDEX persons_phone_bidx_idx ON persons (phone_bidx);
CREATE INDEX persons_search_trgm_idx ON persons USING gin (search_text gin_trgm_ops);
CREATE INDEX persons_search_tokens_idx ON persons USING gin (search_tokens);

CREATE TABLE households (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  division_code text NOT NULL REFERENCES divisions(code),
  address text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE households IS 'Households (户)';
COMMENT ON COLUMN households.id IS 'surrogate key';
COMMENT ON COLUMN households.number IS 'household number (户号)';
COMMENT ON COLUMN households.division_code IS 'village/community of the household';
COMMENT ON COLUMN households.address IS 'household address';
COMMENT ON COLUMN households.created_at IS 'row creation time';

CREATE TABLE household_members (
  household_id uuid NOT NULL REFERENCES households(id),
  person_id uuid NOT NULL REFERENCES persons(id) UNIQUE,
  relation text NOT NULL,
  PRIMARY KEY (household_id, person_id)
);
COMMENT ON TABLE household_members IS 'Members of a household and their relation to the head; a person belongs to one household';
COMMENT ON COLUMN household_members.household_id IS 'the household';
COMMENT ON COLUMN household_members.person_id IS 'the member';
COMMENT ON COLUMN household_members.relation IS 'head, spouse, child, parent, grandchild, sibling, other';
CREATE UNIQUE INDEX household_one_head_idx ON household_members (household_id) WHERE relation = 'head';

-- exactly one head per household, checked when the transaction commits
CREATE FUNCTION check_household_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE hid uuid := COALESCE(NEW.household_id, OLD.household_id);
BEGIN
  IF EXISTS (SELECT 1 FROM household_members WHERE household_id = hid)
     AND NOT EXISTS (SELECT 1 FROM household_members WHERE household_id = hid AND relation = 'head') THEN
    RAISE EXCEPTION 'household % has no head', hid USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER household_head_check AFTER INSERT OR UPDATE OR DELETE ON household_members
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_household_head();

CREATE TABLE registry_conflicts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons(id),
  field text NOT NULL,
  current_value text,
  incoming_value text,
  source text NOT NULL,
  import_id uuid,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','rejected')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, field, incoming_value, source)
);
COMMENT ON TABLE registry_conflicts IS 'A value from another department that disagrees with the stored one: listed for review, never overwritten silently';
COMMENT ON COLUMN registry_conflicts.id IS 'surrogate key';
COMMENT ON COLUMN registry_conflicts.person_id IS 'the person concerned';
COMMENT ON COLUMN registry_conflicts.field IS 'field name';
COMMENT ON COLUMN registry_conflicts.current_value IS 'value stored now (masked for personal fields)';
COMMENT ON COLUMN registry_conflicts.incoming_value IS 'value offered by the source (masked for personal fields)';
COMMENT ON COLUMN registry_conflicts.source IS 'supplying department code';
COMMENT ON COLUMN registry_conflicts.import_id IS 'the import that raised it';
COMMENT ON COLUMN registry_conflicts.status IS 'open, accepted, rejected';
COMMENT ON COLUMN registry_conflicts.created_at IS 'when raised';

CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  source text NOT NULL,
  file_name text NOT NULL,
  file_hash text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('all_or_nothing','good_rows')),
  status text NOT NULL,
  total_rows integer NOT NULL DEFAULT 0,
  inserted_rows integer NOT NULL DEFAULT 0,
  updated_rows integer NOT NULL DEFAULT 0,
  unchanged_rows integer NOT NULL DEFAULT 0,
  bad_rows integer NOT NULL DEFAULT 0,
  conflicts integer NOT NULL DEFAULT 0,
  errors jsonb NOT NULL DEFAULT '[]',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE imports IS 'Bulk imports into the registry with their summary and error report';
COMMENT ON COLUMN imports.id IS 'surrogate key';
COMMENT ON COLUMN imports.kind IS 'what was imported (persons)';
COMMENT ON COLUMN imports.source IS 'supplying department code (provenance)';
COMMENT ON COLUMN imports.file_name IS 'uploaded file name';
COMMENT ON COLUMN imports.file_hash IS 'SM3 of the file bytes';
COMMENT ON COLUMN imports.mode IS 'all_or_nothing, or good_rows when the operator chose to import the good rows';
COMMENT ON COLUMN imports.status IS 'applied, rejected';
COMMENT ON COLUMN imports.total_rows IS 'data rows read';
COMMENT ON COLUMN imports.inserted_rows IS 'new persons';
COMMENT ON COLUMN imports.updated_rows IS 'persons with new fields filled';
COMMENT ON COLUMN imports.unchanged_rows IS 'rows identical to what is stored';
COMMENT ON COLUMN imports.bad_rows IS 'rows refused';
COMMENT ON COLUMN imports.conflicts IS 'values listed for review';
COMMENT ON COLUMN imports.errors IS '[{line, field, reason}] (first 10,000)';
COMMENT ON COLUMN imports.created_by IS 'user who ran it';
COMMENT ON COLUMN imports.created_at IS 'when run';
