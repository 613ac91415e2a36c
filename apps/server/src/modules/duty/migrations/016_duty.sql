-- replaces: 016_agency_duty.sql
-- The leaders' duty rota and duty log (值日制、值日簿), split out of 016_agency_duty.sql.

CREATE TABLE duty_rota (
  department_id uuid NOT NULL REFERENCES departments(id),
  day date NOT NULL,
  leader_id uuid NOT NULL REFERENCES users(id),
  swapped boolean NOT NULL DEFAULT false,
  PRIMARY KEY (department_id, day)
);
COMMENT ON TABLE duty_rota IS '值日制: the leader on duty each day at a township or centre';
COMMENT ON COLUMN duty_rota.department_id IS 'the township office or centre';
COMMENT ON COLUMN duty_rota.day IS 'the day';
COMMENT ON COLUMN duty_rota.leader_id IS 'the leader on duty';
COMMENT ON COLUMN duty_rota.swapped IS 'changed by a swap after the rota was made';

CREATE TABLE duty_log_entries (
  id bigserial PRIMARY KEY,
  department_id uuid NOT NULL REFERENCES departments(id),
  day date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('visitor','matter','emergency','handover')),
  at_time text NOT NULL CHECK (at_time ~ '^[0-2][0-9]:[0-5][0-9]$'),
  text text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  written_by uuid NOT NULL REFERENCES users(id),
  written_at timestamptz NOT NULL
);
CREATE INDEX duty_log_day ON duty_log_entries (department_id, day);
COMMENT ON TABLE duty_log_entries IS '值日簿: what the leader on duty received, handled and handed over';
COMMENT ON COLUMN duty_log_entries.id IS 'surrogate key';
COMMENT ON COLUMN duty_log_entries.department_id IS 'the township office or centre';
COMMENT ON COLUMN duty_log_entries.day IS 'the duty day';
COMMENT ON COLUMN duty_log_entries.kind IS 'visitor (来访接待), matter (事项处理), emergency (突发事件), handover (交接)';
COMMENT ON COLUMN duty_log_entries.at_time IS 'time of day, HH:MM Beijing time';
COMMENT ON COLUMN duty_log_entries.text IS 'what happened and what was done';
COMMENT ON COLUMN duty_log_entries.details IS 'for an emergency: the warning, villages notified, broadcasts, inspections';
COMMENT ON COLUMN duty_log_entries.written_by IS 'who wrote it';
COMMENT ON COLUMN duty_log_entries.written_at IS 'when written';
