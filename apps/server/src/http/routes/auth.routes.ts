import { LoginRequest, SessionInfo } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../compose.ts';
import { actorOf, SESSION_COOKIE } from '../auth-hook.ts';
import { shanghaiDateOf } from '../../core/time.ts';
import { requirePermission } from '../../core/auth/actor.ts';
import { SECURITY_ALERTS } from '../../core/auth/auth.service.ts';
import { getDepartmentPlace } from '../../core/auth/directory.repository.ts';
import { listAuditEntriesOf } from '../../core/audit/audit.repository.ts';

export async function authRoutes(server: FastifyInstance, app: App) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/auth/login',
    {
      schema: { tags: ['auth'], summary: '登录 Log in', body: LoginRequest, response: { 200: SessionInfo } },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
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
  );
  api.post('/auth/logout', { schema: { tags: ['auth'], summary: '退出 Log out' } }, async (request, reply) => {
    await app.auth.logout(request.sessionToken!, actorOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  api.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: '当前用户 Who am I: roles, permissions, department and jurisdiction; the CSRF token for the console',
      },
    },
    async (request) => {
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
    },
  );
  api.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改密码 Change my password (other sessions end)',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
      },
    },
    async (request) => {
      await app.auth.changePassword(
        actorOf(request),
        request.sessionToken!,
        request.body.currentPassword,
        request.body.newPassword,
      );
      return { ok: true };
    },
  );
  // re-authentication: the password, and the code of the factor bound now if there is one
  api.post(
    '/auth/totp/begin',
    {
      schema: {
        tags: ['auth'],
        summary: '绑定动态验证码 Begin (re-)binding TOTP: needs the current password and, if bound, the current code',
        body: z.object({
          currentPassword: z.string().min(1).max(200),
          code: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
        }),
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) => app.auth.beginTotp(actorOf(request), request.body),
  );
  api.post(
    '/auth/totp/confirm',
    { schema: { tags: ['auth'], body: z.object({ code: z.string().regex(/^\d{6}$/) }) } },
    async (request) => {
      await app.auth.confirmTotp(actorOf(request), request.sessionToken!, request.body.code);
      return { ok: true };
    },
  );
  // the security administrator watches sign-in attacks (accounts backing off, addresses refused, replayed codes)
  // without the audit administrator's reading of the whole log
  api.get(
    '/security/alerts',
    {
      schema: {
        tags: ['auth'],
        summary:
          '安全告警 Sign-in alerts for the security administrator: accounts backing off, addresses refused, replayed one-time codes',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      },
    },
    async (request) => {
      requirePermission(actorOf(request), 'user.manage');
      return listAuditEntriesOf(app.db, SECURITY_ALERTS, request.query.limit);
    },
  );
}
