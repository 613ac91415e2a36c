-- Disputes (矛盾纠纷): each attempt at mediation, arbitration or litigation with its parties, mediator,
-- result and agreement; the same dispute coming back is linked to its earlier attempts. The
-- four-party joint meetings (联席会议) with their agenda, minutes and action items.

CREATE TABLE disputes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  title text NOT NULL,
  category_code text NOT NULL REFERENCES complaint_categories(code),
  division_code text NOT NULL REFERENCES divisions(code),
  parties jsonb NOT NULL,
  facts text NOT NULL,
  complaint_case_id uuid REFERENCES cases(id),
  previous_dispute_id uuid REFERENCES disputes(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','settled','closed')),
  flagged text CHECK (flagged IN ('arbitration','fourParty')),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX disputes_division ON disputes (division_code, category_code);
COMMENT ON TABLE disputes IS 'A dispute (矛盾纠纷) and its history of attempts; a returning dispute points at its earlier record';
COMMENT ON COLUMN disputes.id IS 'surrogate key';
COMMENT ON COLUMN disputes.number IS 'JF-year-serial';
COMMENT ON COLUMN disputes.title IS 'short title';
COMMENT ON COLUMN disputes.category_code IS 'category (the complaint tree)';
COMMENT ON COLUMN disputes.division_code IS 'where';
COMMENT ON COLUMN disputes.parties IS '[{kind: person|organisation, id?, name, role?}]';
COMMENT ON COLUMN disputes.facts IS 'what the dispute is about';
COMMENT ON COLUMN disputes.complaint_case_id IS 'the complaint or petition it came from, if any';
COMMENT ON COLUMN disputes.previous_dispute_id IS 'the same dispute recorded before (it came back)';
COMMENT ON COLUMN disputes.status IS 'open, settled (an agreement, award or judgment), closed';
COMMENT ON COLUMN disputes.flagged IS 'after too many attempts: for arbitration, or for the four-party meeting';
COMMENT ON COLUMN disputes.created_by IS 'who recorded it';
COMMENT ON COLUMN disputes.created_at IS 'when';

CREATE TABLE dispute_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dispute_id uuid NOT NULL REFERENCES disputes(id),
  kind text NOT NULL CHECK (kind IN ('peoplesMediation','administrativeMediation','arbitration','litigation')),
  level text CHECK (level IN ('city','district','subdistrict','community')),
  organ text NOT NULL,
  mediator text NOT NULL,
  on_date date NOT NULL,
  attendees jsonb NOT NULL DEFAULT '[]',
  result text NOT NULL CHECK (result IN ('agreed','notAgreed','withdrawn','awarded','judged')),
  agreement text,
  document_id uuid REFERENCES documents(id),
  confirmation_due date,
  performance text CHECK (performance IN ('pending','performed','breached')),
  performance_note text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  CHECK (kind <> 'peoplesMediation' OR level IS NOT NULL),
  CHECK (result <> 'agreed' OR agreement IS NOT NULL)
);
CREATE INDEX dispute_attempts_dispute ON dispute_attempts (dispute_id, on_date);
COMMENT ON TABLE dispute_attempts IS 'Each attempt to settle a dispute: mediation (people''s at four levels, administrative), arbitration, litigation';
COMMENT ON COLUMN dispute_attempts.id IS 'surrogate key';
COMMENT ON COLUMN dispute_attempts.dispute_id IS 'the dispute';
COMMENT ON COLUMN dispute_attempts.kind IS 'peoplesMediation, administrativeMediation, arbitration, litigation';
COMMENT ON COLUMN dispute_attempts.level IS 'people''s mediation: city, district, subdistrict or community committee';
COMMENT ON COLUMN dispute_attempts.organ IS 'the committee, department, arbitration commission or court';
COMMENT ON COLUMN dispute_attempts.mediator IS 'mediator, arbitrator or judge';
COMMENT ON COLUMN dispute_attempts.on_date IS 'date of the session';
COMMENT ON COLUMN dispute_attempts.attendees IS 'parties who attended';
COMMENT ON COLUMN dispute_attempts.result IS 'agreed, notAgreed, withdrawn, awarded (arbitration), judged (litigation)';
COMMENT ON COLUMN dispute_attempts.agreement IS 'the terms agreed (调解协议)';
COMMENT ON COLUMN dispute_attempts.document_id IS 'the agreement as a numbered PDF';
COMMENT ON COLUMN dispute_attempts.confirmation_due IS 'last day to apply jointly to the court for judicial confirmation (30 days, 人民调解法 第三十三条)';
COMMENT ON COLUMN dispute_attempts.performance IS 'follow-up of the agreement: pending, performed, breached';
COMMENT ON COLUMN dispute_attempts.performance_note IS 'what the follow-up found';
COMMENT ON COLUMN dispute_attempts.created_by IS 'who recorded it';
COMMENT ON COLUMN dispute_attempts.created_at IS 'when';

CREATE TABLE joint_meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  division_code text NOT NULL REFERENCES divisions(code),
  kind text NOT NULL CHECK (kind IN ('quarterly','halfYearSummary','adHoc')),
  held_on date NOT NULL,
  attendees jsonb NOT NULL,
  agenda jsonb NOT NULL,
  minutes text NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX joint_meetings_division ON joint_meetings (division_code, held_on);
COMMENT ON TABLE joint_meetings IS '四方联席会议: party branch, residents'' committee, owners'' committee and property company of a community';
COMMENT ON COLUMN joint_meetings.id IS 'surrogate key';
COMMENT ON COLUMN joint_meetings.division_code IS 'the community';
COMMENT ON COLUMN joint_meetings.kind IS 'quarterly, halfYearSummary, adHoc (a major matter)';
COMMENT ON COLUMN joint_meetings.held_on IS 'date held';
COMMENT ON COLUMN joint_meetings.attendees IS '{partyBranch, residentsCommittee, ownersCommittee, propertyCompany}: who attended for each';
COMMENT ON COLUMN joint_meetings.agenda IS '[{title, caseId?, disputeId?}] built from the open matters';
COMMENT ON COLUMN joint_meetings.minutes IS 'the minutes';
COMMENT ON COLUMN joint_meetings.created_by IS 'who recorded it';
COMMENT ON COLUMN joint_meetings.created_at IS 'when';

CREATE TABLE meeting_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES joint_meetings(id),
  text text NOT NULL,
  owner text NOT NULL,
  due date NOT NULL,
  done_at timestamptz,
  done_note text
);
COMMENT ON TABLE meeting_actions IS 'Action items of a joint meeting, tracked to done';
COMMENT ON COLUMN meeting_actions.id IS 'surrogate key';
COMMENT ON COLUMN meeting_actions.meeting_id IS 'the meeting';
COMMENT ON COLUMN meeting_actions.text IS 'what is to be done';
COMMENT ON COLUMN meeting_actions.owner IS 'who (which of the four parties, or a named person)';
COMMENT ON COLUMN meeting_actions.due IS 'deadline';
COMMENT ON COLUMN meeting_actions.done_at IS 'when done';
COMMENT ON COLUMN meeting_actions.done_note IS 'how it was done';
