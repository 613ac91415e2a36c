-- The coordination board's "waiting for the centre" list (complaint-reports.repository.ts listCentreSteps:
-- open work orders to dispatch, call back or close, oldest first). Without it the planner walks every
-- open case in opening order to find the few (issue 17: it doubled the board's time over a year of orders).
CREATE INDEX cases_complaint_centre_steps ON cases (opened_at)
  WHERE is_open AND type_code = 'complaint_order' AND status IN ('received', 'replied', 'calledBack');
