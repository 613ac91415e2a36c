-- Work and training: public-welfare labour (公益劳动) and job-training referrals (就业培训推荐) of 低保
-- members able to work, and the veterans' employment database and training records (退役军人就业).
CREATE TABLE assistance_work_records (
  id bigserial PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES persons(id),
  division_code text NOT NULL REFERENCES divisions(code),
  kind text NOT NULL CHECK (kind IN ('publicWelfareLabour','trainingReferral','training','employment')),
  on_date date NOT NULL,
  hours integer CHECK (hours > 0 AND hours <= 300),
  organisation text,
  notes text NOT NULL,
  outcome text,
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_by_name text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX assistance_work_records_person ON assistance_work_records (person_id, on_date);
CREATE INDEX assistance_work_records_division ON assistance_work_records (division_code, kind, on_date);
COMMENT ON TABLE assistance_work_records IS 'Public-welfare labour, training referrals, training and employment of persons able to work (低保 members, veterans)';
COMMENT ON COLUMN assistance_work_records.id IS 'surrogate key';
COMMENT ON COLUMN assistance_work_records.person_id IS 'the person';
COMMENT ON COLUMN assistance_work_records.division_code IS 'the person''s division (jurisdiction)';
COMMENT ON COLUMN assistance_work_records.kind IS 'publicWelfareLabour, trainingReferral, training or employment';
COMMENT ON COLUMN assistance_work_records.on_date IS 'day (of the labour, referral, course start, or hiring)';
COMMENT ON COLUMN assistance_work_records.hours IS 'hours of public-welfare labour';
COMMENT ON COLUMN assistance_work_records.organisation IS 'employer, training school or the unit organising the labour';
COMMENT ON COLUMN assistance_work_records.notes IS 'what it was';
COMMENT ON COLUMN assistance_work_records.outcome IS 'result (certificate obtained, hired, still looking …)';
COMMENT ON COLUMN assistance_work_records.recorded_by IS 'the worker';
COMMENT ON COLUMN assistance_work_records.recorded_by_name IS 'the worker, as shown';
COMMENT ON COLUMN assistance_work_records.recorded_at IS 'when recorded';
