import type { Session } from '../../test/api-client.ts';
import { DEMO_PASSWORD } from '../demo/demo.seed.ts';
import type { MatrixContext, MatrixRow } from './permission-matrix.kit.ts';
import { caseworkOutsideRows } from './permission-matrix.casework.ts';
import { complaintsOutsideRows } from './permission-matrix.complaints.ts';
import { paymentsOutsideRows } from './permission-matrix.payments.ts';
import { queueOutsideRows } from './permission-matrix.queue.ts';

/** Signs a user in once for all the rows below (sign-ins are limited per address: these come from an address of their own). */
export type LoginOnce = (username: string) => Promise<Session>;

/** Rows probing routes on one record with a real record outside the caller's jurisdiction, one file per area (issue 15). */
export function outsideMatrixRows(ctx: MatrixContext): MatrixRow[] {
  const sessions = new Map<string, Promise<Session>>();
  const login: LoginOnce = (username) => {
    if (!sessions.has(username))
      sessions.set(
        username,
        (async () => {
          const res = await ctx.live().api.server.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username, password: DEMO_PASSWORD },
            remoteAddress: '198.51.100.15',
          });
          const body = res.json();
          if (res.statusCode !== 200 || body.secondFactorRequired)
            throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
          return { token: body.token, csrfToken: body.csrfToken, username };
        })(),
      );
    return sessions.get(username)!;
  };
  return [
    ...caseworkOutsideRows(ctx, login),
    ...complaintsOutsideRows(ctx, login),
    ...paymentsOutsideRows(ctx, login),
    ...queueOutsideRows(ctx, login),
  ];
}
