import type { Executor, Tx } from '../db/database.ts';

/** One message to one member of staff; `caseId` when it is about a case (one per user, kind and case). */
export interface Notice {
  userId: string;
  kind: string;
  caseId: string | null;
  message: string;
}

export async function insertNotices(tx: Tx, notices: readonly Notice[]) {
  if (notices.length === 0) return;
  await tx
    .insertInto('notifications')
    .values(notices.map((n) => ({ user_id: n.userId, kind: n.kind, case_id: n.caseId, message: n.message })))
    .execute();
}

/** The users holding the department_head role in a department (active or not, as the grant stands). */
export async function departmentHeadIds(tx: Tx, departmentId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where('u.department_id', '=', departmentId)
    .where('r.role_code', '=', 'department_head')
    .execute();
  return rows.map((r) => r.id);
}

/** The active users of a department, and with `orRole` the active users holding that role anywhere. */
export async function activeStaffIds(tx: Tx, departmentId: string, orRole?: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('users as u')
    .select('u.id')
    .where('u.active', '=', true)
    .where((eb) =>
      eb.or([
        eb('u.department_id', '=', departmentId),
        ...(orRole
          ? [
              eb.exists(
                eb
                  .selectFrom('user_roles as r')
                  .select('r.user_id')
                  .whereRef('r.user_id', '=', 'u.id')
                  .where('r.role_code', '=', orRole),
              ),
            ]
          : []),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

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
