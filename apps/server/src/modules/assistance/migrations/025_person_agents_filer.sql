-- replaces: 025_portal_agents.sql
-- An online application filed by a registered agent (person_agents: modules/registry, 025_person_agents.sql,
-- which sorts first); split out of 025_portal_agents.sql.

-- who filed an online application may now also be a registered agent, who need not be in the registry
ALTER TABLE assistance_online_applications DROP CONSTRAINT assistance_online_applications_filed_by_check;
ALTER TABLE assistance_online_applications ADD CONSTRAINT assistance_online_applications_filed_by_check
  CHECK (filed_by IN ('applicant', 'householdMember', 'agent'));
ALTER TABLE assistance_online_applications ADD COLUMN filer_agent_id uuid REFERENCES person_agents(id);
ALTER TABLE assistance_online_applications ADD CONSTRAINT assistance_online_applications_agent_filer
  CHECK ((filed_by = 'agent') = (filer_agent_id IS NOT NULL));
COMMENT ON COLUMN assistance_online_applications.filed_by IS 'applicant: the signed-in phone is the applicant''s registered phone; householdMember: that of an adult of the same household; agent: that of a registered agent of the applicant (null before migration 023)';
COMMENT ON COLUMN assistance_online_applications.filer_agent_id IS 'the agent registration whose phone signed in and filed the application (filed_by = agent)';
