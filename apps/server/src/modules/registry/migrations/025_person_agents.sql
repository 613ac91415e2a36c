-- replaces: 025_portal_agents.sql
-- Issue 15, the residents' side: a registered agent (委托代理人). A resident who cannot apply herself
-- (no phone, bedridden, living with a carer elsewhere) may name an agent; a clerk who has seen the
-- document (委托书, 监护证明 …) registers the agent for a person in her reach. The portal then takes
-- a 低保 application from the agent's phone as well, and records that the agent filed it.
-- Split out of 025_portal_agents.sql with 025_person_agents_filer.sql (modules/assistance), which sorts after it.

CREATE TABLE person_agents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES persons(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  phone_enc bytea NOT NULL,
  phone_bidx bytea NOT NULL,
  phone_masked text NOT NULL,
  relationship text NOT NULL CHECK (length(relationship) BETWEEN 1 AND 20),
  document text NOT NULL CHECK (length(document) BETWEEN 1 AND 60),
  valid_until date NOT NULL,
  registered_by uuid NOT NULL REFERENCES users(id),
  registered_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users(id),
  revoke_reason text,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL) AND (revoked_at IS NULL) = (revoke_reason IS NULL))
);
-- the portal's question is "is this phone a current agent of this person": both columns, one probe
CREATE INDEX person_agents_person ON person_agents (person_id, phone_bidx);
COMMENT ON TABLE person_agents IS 'Agents (委托代理人) a clerk registered for a person, after seeing the document that names them; the portal accepts an application from a current agent''s phone';
COMMENT ON COLUMN person_agents.id IS 'the agent registration';
COMMENT ON COLUMN person_agents.person_id IS 'the person the agent acts for (the applicant)';
COMMENT ON COLUMN person_agents.name IS 'the agent''s name as on the document';
COMMENT ON COLUMN person_agents.phone_enc IS 'the agent''s mobile, encrypted (PiiCipher)';
COMMENT ON COLUMN person_agents.phone_bidx IS 'blind index of the mobile: what a signed-in resident''s session is matched against';
COMMENT ON COLUMN person_agents.phone_masked IS 'the mobile as lists show it (138****5678)';
COMMENT ON COLUMN person_agents.relationship IS 'the agent''s relationship to the person (子女, 配偶, 监护人 …)';
COMMENT ON COLUMN person_agents.document IS 'the document the clerk saw that makes the agent one (委托书, 公证委托书, 监护证明 …)';
COMMENT ON COLUMN person_agents.valid_until IS 'last day (Asia/Shanghai) the agent may act; the document''s term, or the clerk''s choice if it has none';
COMMENT ON COLUMN person_agents.registered_by IS 'the member of staff who saw the document and registered the agent';
COMMENT ON COLUMN person_agents.registered_at IS 'when';
COMMENT ON COLUMN person_agents.revoked_at IS 'when the registration was revoked; null: not revoked (it may still have expired)';
COMMENT ON COLUMN person_agents.revoked_by IS 'the member of staff who revoked it';
COMMENT ON COLUMN person_agents.revoke_reason IS 'why (the person withdrew the authority, a new document …)';
