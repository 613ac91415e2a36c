import { auth as endpoints } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../compose.ts';
import { actorOf, SESSION_COOKIE } from '../auth-hook.ts';
import { route } from '../endpoint.ts';
import { shanghaiDateOf } from '../../core/time.ts';
import { SECURITY_ALERTS } from '../../core/auth/auth.service.ts';
import { getDepartmentPlace } from '../../core/auth/directory.repository.ts';
import { listAuditEntriesOf } from '../../core/audit/audit.repository.ts';

export async function authRoutes(server: FastifyInstance, app: App) {
  route(
    server,
    endpoints.login,
    async (request, reply) => {
      const result = await app.auth.login({ ...request.body, ip: request.ip });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.config.COOKIE_SECURE,
      });
      return result;
    },
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
  );
  route(server, endpoints.logout, async (request, reply) => {
    await app.auth.logout(request.sessionToken!, actorOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
  route(server, endpoints.me, async (request) => {
    const a = actorOf(request);
    const place = await getDepartmentPlace(app.db, a.departmentId);
    return {
      id: a.id,
      username: a.username,
      displayName: a.displayName,
      departmentId: a.departmentId,
      departmentName: place.department,
      divisionCode: a.divisionCode,
      divisionName: place.division,
      roles: a.grants.map((g) => ({ role: g.role, scope: g.scope })),
      permissions: [...new Set(a.grants.flatMap((g) => g.permissions))].sort(),
      csrfToken: request.csrfToken,
      secondFactorRequired: !request.secondFactorDone,
      // the server's business date (Asia/Shanghai): date pickers start from it, not from the browser's clock
      today: shanghaiDateOf(app.clock()),
    };
  });
  route(server, endpoints.changePassword, async (request) => {
    await app.auth.changePassword(
      actorOf(request),
      request.sessionToken!,
      request.body.currentPassword,
      request.body.newPassword,
    );
    return { ok: true as const };
  });
  // re-authentication: the password, and the code of the factor bound now if there is one
  route(server, endpoints.beginTotp, async (request) => app.auth.beginTotp(actorOf(request), request.body), {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  });
  route(server, endpoints.confirmTotp, async (request) => {
    await app.auth.confirmTotp(actorOf(request), request.sessionToken!, request.body.code);
    return { ok: true as const };
  });
  // the security administrator watches sign-in attacks (accounts backing off, addresses refused, replayed codes)
  // without the audit administrator's reading of the whole log
  route(
    server,
    endpoints.securityAlerts,
    async (request) => listAuditEntriesOf(app.db, SECURITY_ALERTS, request.query.limit),
    {
      permission: 'user.manage',
    },
  );
}
