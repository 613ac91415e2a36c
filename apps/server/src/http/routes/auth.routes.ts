import { LoginRequest, SessionInfo } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../app.ts';
import { actorOf, SESSION_COOKIE } from '../auth-hook.ts';

export async function authRoutes(server: FastifyInstance, app: App) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  api.post('/auth/login', {
    schema: { tags: ['auth'], summary: '登录 Log in', body: LoginRequest, response: { 200: SessionInfo } },
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const result = await app.auth.login({ ...request.body, ip: request.ip });
    reply.setCookie(SESSION_COOKIE, result.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: app.config.COOKIE_SECURE });
    return result;
  });
  api.post('/auth/logout', { schema: { tags: ['auth'], summary: '退出 Log out' } }, async (request, reply) => {
    await app.auth.logout(request.sessionToken!, actorOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  api.get('/auth/me', { schema: { tags: ['auth'], summary: '当前用户 Who am I' } }, async (request) => {
    const a = actorOf(request);
    return { id: a.id, username: a.username, displayName: a.displayName, departmentId: a.departmentId, divisionCode: a.divisionCode, roles: a.grants.map((g) => ({ role: g.role, scope: g.scope })) };
  });
  api.post('/auth/totp/begin', { schema: { tags: ['auth'], summary: '绑定动态验证码 Begin TOTP enrolment' } }, async (request) => app.auth.beginTotp(actorOf(request)));
  api.post('/auth/totp/confirm', { schema: { tags: ['auth'], body: z.object({ code: z.string().regex(/^\d{6}$/) }) } }, async (request) => {
    await app.auth.confirmTotp(actorOf(request), request.sessionToken!, request.body.code);
    return { ok: true };
  });
}
