import type { Db, Tx } from '../db/database.ts';
import {
  activeStaffIds,
  departmentHeadIds,
  insertNotices,
  listNotificationsOf,
  type Notice,
} from './notifications.repository.ts';

export type { Notice } from './notifications.repository.ts';

/**
 * Messages to staff, for every module: a module tells people inside its own transaction (the
 * message exists if and only if what it reports commits), and never writes the table itself.
 */
export class NotificationService {
  constructor(private readonly db: Db) {}

  /** Stores the messages in the caller's transaction; none is a no-op. */
  async notify(tx: Tx, notices: readonly Notice[]): Promise<void> {
    await insertNotices(tx, notices);
  }

  /** Who heads a department (the users granted department_head there). */
  departmentHeads(tx: Tx, departmentId: string): Promise<string[]> {
    return departmentHeadIds(tx, departmentId);
  }

  /** The active staff of a department, and with `orRole` every active holder of that role (supervisors). */
  activeStaff(tx: Tx, departmentId: string, opts: { orRole?: string } = {}): Promise<string[]> {
    return activeStaffIds(tx, departmentId, opts.orRole);
  }

  /** A user's own notifications, newest first. */
  listOf(userId: string) {
    return listNotificationsOf(this.db, userId);
  }
}
