-- replaces: 015_service_centre.sql
-- Instant evaluations (好差评) that can never be edited, and appeals against them; split out of
-- 015_service_centre.sql.

CREATE TABLE evaluations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases(id),
  channel text NOT NULL CHECK (channel IN ('onSite','online')),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  sub_scores jsonb NOT NULL,
  comment text,
  department_id uuid NOT NULL REFERENCES departments(id),
  staff_id uuid REFERENCES users(id),
  window_name text,
  item_code text,
  rectification_case_id uuid REFERENCES cases(id),
  created_at timestamptz NOT NULL,
  UNIQUE (case_id, channel)
);
CREATE INDEX evaluations_department ON evaluations (department_id, created_at);
COMMENT ON TABLE evaluations IS '好差评: one evaluation per service and channel, never edited (UPDATE and DELETE are refused)';
COMMENT ON COLUMN evaluations.id IS 'surrogate key';
COMMENT ON COLUMN evaluations.case_id IS 'the service evaluated';
COMMENT ON COLUMN evaluations.channel IS 'onSite (the pad at the window) or online (portal)';
COMMENT ON COLUMN evaluations.level IS '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意';
COMMENT ON COLUMN evaluations.sub_scores IS 'the national sub-items of the channel (on site: efficiency, competence, attitude; online: efficiency, guideAccuracy, convenience, easeOfUse), each 1-5';
COMMENT ON COLUMN evaluations.comment IS 'what the resident wrote';
COMMENT ON COLUMN evaluations.department_id IS 'the department that served (owner of the case when it closed)';
COMMENT ON COLUMN evaluations.staff_id IS 'who served (took the closing action)';
COMMENT ON COLUMN evaluations.window_name IS 'the window that served, when known';
COMMENT ON COLUMN evaluations.item_code IS 'the catalogue item, when the case was one';
COMMENT ON COLUMN evaluations.rectification_case_id IS 'the rectification work order a bad review opened (差评整改)';
COMMENT ON COLUMN evaluations.created_at IS 'when given';

CREATE FUNCTION evaluations_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'evaluations cannot be edited: % refused', TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER evaluations_no_change BEFORE UPDATE OR DELETE ON evaluations FOR EACH ROW EXECUTE FUNCTION evaluations_refuse_change();

CREATE TABLE evaluation_appeals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evaluation_id uuid NOT NULL UNIQUE REFERENCES evaluations(id),
  reason text NOT NULL,
  filed_by uuid NOT NULL REFERENCES users(id),
  filed_at timestamptz NOT NULL,
  decision text CHECK (decision IN ('upheld','rejected')),
  decision_note text,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  CHECK (decided_by IS NULL OR decided_by <> filed_by)
);
COMMENT ON TABLE evaluation_appeals IS 'A staff member''s appeal (申诉) against an unfair review; an upheld appeal leaves the review out of the results, it never edits it';
COMMENT ON COLUMN evaluation_appeals.id IS 'surrogate key';
COMMENT ON COLUMN evaluation_appeals.evaluation_id IS 'the review appealed (once)';
COMMENT ON COLUMN evaluation_appeals.reason IS 'why it is unfair (malicious, not about this service …)';
COMMENT ON COLUMN evaluation_appeals.filed_by IS 'who appealed';
COMMENT ON COLUMN evaluation_appeals.filed_at IS 'when';
COMMENT ON COLUMN evaluation_appeals.decision IS 'upheld (review excluded) or rejected';
COMMENT ON COLUMN evaluation_appeals.decision_note IS 'the decider''s reasons';
COMMENT ON COLUMN evaluation_appeals.decided_by IS 'who decided: never the one who appealed';
COMMENT ON COLUMN evaluation_appeals.decided_at IS 'when decided';
