import type { Generated } from 'kysely';
import type { DateString } from './schema.ts';

/** Agents (委托代理人) registered for a person (migration 025). */
export interface PersonAgentsTable {
  id: Generated<string>;
  person_id: string;
  name: string;
  phone_enc: Buffer;
  phone_bidx: Buffer;
  phone_masked: string;
  relationship: string;
  document: string;
  valid_until: DateString;
  registered_by: string;
  registered_at: Generated<Date>;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface AgentTables {
  person_agents: PersonAgentsTable;
}
