import type { Session } from '../../test/api-client.ts';
import type { MatrixContext, MatrixRow } from './permission-matrix.assistance.ts';
import { caseworkOutsideRows } from './permission-matrix.casework.ts';
import { complaintsOutsideRows } from './permission-matrix.complaints.ts';
import { queueOutsideRows } from './permission-matrix.queue.ts';

/** Signs a user in once for all the rows below (sign-ins are rate-limited). */
export type LoginOnce = (username: string) => Promise<Session>;

/** Rows probing routes on one record with a real record outside the caller's jurisdiction, one file per area (issue 15). */
export function outsideMatrixRows(ctx: MatrixContext): MatrixRow[] {
  const sessions = new Map<string, Promise<Session>>();
  const login: LoginOnce = (username) => {
    if (!sessions.has(username)) sessions.set(username, ctx.live().api.login(username));
    return sessions.get(username)!;
  };
  return [...caseworkOutsideRows(ctx, login), ...complaintsOutsideRows(ctx, login), ...queueOutsideRows(ctx, login)];
}
