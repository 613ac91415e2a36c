-- Work lists (core/cases/work-list.ts) read every view through an index in its own order, so a page
-- costs the same whatever the table holds (issue 17: the "all" view took 0.2–16 s over a million
-- open cases, sorting or walking everything).
-- An actor who reads everywhere: the open cases in due order, and newest first.
CREATE INDEX cases_open_due_idx ON cases (due_sort, id) WHERE is_open;
CREATE INDEX cases_open_opened_idx ON cases (opened_at, id) WHERE is_open;
-- A restricted actor, newest first: one branch per department and one per division
-- (the due-order twins of these are cases_dept_due_idx and cases_division_due_idx).
CREATE INDEX cases_dept_opened_idx ON cases (owning_department_id, opened_at, id) WHERE is_open;
CREATE INDEX cases_division_opened_idx ON cases (division_code, opened_at, id) WHERE is_open;
