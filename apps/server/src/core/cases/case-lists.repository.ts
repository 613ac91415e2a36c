import type { Executor } from '../db/database.ts';

/** A user's own notifications, newest first (the caller passes the actor's id: nobody reads another's). */
export async function listNotificationsOf(db: Executor, userId: string) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'case_id', 'message', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}
