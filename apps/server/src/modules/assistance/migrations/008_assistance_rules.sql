-- Assistance programmes' rules (低保 standards, counted and excluded incomes, rounding, classes),
-- versioned by division and effective date. A version is never changed: a new one takes over.

CREATE TABLE assistance_rule_versions (
  id bigserial PRIMARY KEY,
  programme text NOT NULL,
  division_code text NOT NULL REFERENCES divisions(code),
  effective_from date NOT NULL,
  rule jsonb NOT NULL,
  basis text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  UNIQUE (programme, division_code, effective_from)
);
COMMENT ON TABLE assistance_rule_versions IS 'Versioned rules of assistance programmes; entitlements record the id they were computed under';
COMMENT ON COLUMN assistance_rule_versions.id IS 'version id, stored on every entitlement computed under it';
COMMENT ON COLUMN assistance_rule_versions.programme IS 'programme code (urbanMinimumAllowance, ruralMinimumAllowance …)';
COMMENT ON COLUMN assistance_rule_versions.division_code IS 'division the rule is set for (city, county or township)';
COMMENT ON COLUMN assistance_rule_versions.effective_from IS 'first day the version applies';
COMMENT ON COLUMN assistance_rule_versions.rule IS 'the whole rule as validated (standard in fen, income kinds, deduction, minimum, rounding, classes)';
COMMENT ON COLUMN assistance_rule_versions.basis IS 'document that set it, e.g. 运民发〔2025〕12号';
COMMENT ON COLUMN assistance_rule_versions.created_at IS 'when it was entered';
COMMENT ON COLUMN assistance_rule_versions.created_by IS 'who entered it';
