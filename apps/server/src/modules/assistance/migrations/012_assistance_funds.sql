-- Funds (资金): a budget per programme, division and year, against which payments are counted; the
-- seeds' ratios are read from it (allowance budget 0.8–1.5% of general budget revenue; working
-- funds at least 3% of allowance funds).
CREATE TABLE assistance_budgets (
  programme text NOT NULL,
  division_code text NOT NULL REFERENCES divisions(code),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  budget_fen bigint NOT NULL CHECK (budget_fen >= 0),
  working_funds_fen bigint NOT NULL DEFAULT 0 CHECK (working_funds_fen >= 0),
  general_revenue_fen bigint CHECK (general_revenue_fen > 0),
  basis text NOT NULL,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL,
  PRIMARY KEY (programme, division_code, year)
);
COMMENT ON TABLE assistance_budgets IS 'Budget per programme, division and year, with working funds and the general budget revenue the ratios are read against';
COMMENT ON COLUMN assistance_budgets.programme IS 'programme code';
COMMENT ON COLUMN assistance_budgets.division_code IS 'division whose payments count against it (its subtree)';
COMMENT ON COLUMN assistance_budgets.year IS 'budget year';
COMMENT ON COLUMN assistance_budgets.budget_fen IS 'funds budgeted for payments, in fen';
COMMENT ON COLUMN assistance_budgets.working_funds_fen IS 'working funds (工作经费) budgeted beside them, in fen';
COMMENT ON COLUMN assistance_budgets.general_revenue_fen IS 'the division''s general budget revenue (一般预算收入) that year, in fen';
COMMENT ON COLUMN assistance_budgets.basis IS 'the budget document';
COMMENT ON COLUMN assistance_budgets.set_by IS 'who entered it';
COMMENT ON COLUMN assistance_budgets.set_at IS 'when';
