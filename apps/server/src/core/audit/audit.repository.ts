import type { Executor } from '../db/database.ts';

/** Audit entries of the given actions, newest first (the security alerts; the caller checks user.manage). */
export async function listAuditEntriesOf(db: Executor, actions: readonly string[], limit: number) {
  return db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'actor_name', 'action', 'target_id', 'ip', 'socket_ip', 'details'])
    .where('action', 'in', [...actions])
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}
