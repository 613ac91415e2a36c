import type { Insertable } from 'kysely';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { PersonAgentsTable } from './registry.schema.ts';

/** Kysely only: the agents registered for a person, and the portal's question about one phone. */

export async function agentsOf(db: Executor, personId: string) {
  return db
    .selectFrom('person_agents as a')
    .leftJoin('users as r', 'r.id', 'a.registered_by')
    .leftJoin('users as v', 'v.id', 'a.revoked_by')
    .select([
      'a.id',
      'a.name',
      'a.phone_masked',
      'a.relationship',
      'a.document',
      'a.valid_until',
      'a.registered_at',
      'a.revoked_at',
      'a.revoke_reason',
      'r.display_name as registeredBy',
      'v.display_name as revokedBy',
    ])
    .where('a.person_id', '=', personId)
    .orderBy('a.registered_at', 'desc')
    .orderBy('a.id')
    .execute();
}

/** A registration of the same phone for the same person that is still running on `day` (not revoked, not past its date). */
export async function findCurrentAgentByPhone(db: Executor, personId: string, phoneBidx: Buffer[], day: string) {
  return db
    .selectFrom('person_agents')
    .select(['id', 'name', 'valid_until'])
    .where('person_id', '=', personId)
    .where('phone_bidx', 'in', phoneBidx)
    .where('revoked_at', 'is', null)
    .where('valid_until', '>=', day)
    .executeTakeFirst();
}

/**
 * The portal's check: is the signed-in phone a current agent of this person on `day`? The session
 * keeps only the phone's blind index (never the number), so it is compared as stored; a key
 * rotation rewrites both sides together (reencrypt.ts translates index-only columns).
 */
export async function currentAgentOf(db: Executor, personId: string, sessionPhoneBidx: Buffer, day: string) {
  return db
    .selectFrom('person_agents')
    .select(['id', 'name'])
    .where('person_id', '=', personId)
    .where('phone_bidx', '=', sessionPhoneBidx)
    .where('revoked_at', 'is', null)
    .where('valid_until', '>=', day)
    .orderBy('valid_until', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function lockAgent(db: Executor, personId: string, agentId: string) {
  return db
    .selectFrom('person_agents')
    .select(['id', 'revoked_at'])
    .where('person_id', '=', personId)
    .where('id', '=', agentId)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertAgent(tx: Tx, values: Insertable<PersonAgentsTable>) {
  return tx.insertInto('person_agents').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function markAgentRevoked(tx: Tx, agentId: string, r: { at: Date; by: string; reason: string }) {
  await tx
    .updateTable('person_agents')
    .set({ revoked_at: r.at, revoked_by: r.by, revoke_reason: r.reason })
    .where('id', '=', agentId)
    .execute();
}
