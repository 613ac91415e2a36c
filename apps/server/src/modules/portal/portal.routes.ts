import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { departmentDirectory, type PortalCaller, trackCase, villages } from './portal.service.ts';
import { RESIDENT_COOKIE } from './resident-auth.service.ts';

/** The client's address and, if a resident is signed in on the portal, her phone's blind index. */
export async function portalCaller(app: ModuleContext<'portal'>, request: FastifyRequest): Promise<PortalCaller> {
  const session = await app.portal.residents.session(request.cookies[RESIDENT_COOKIE]);
  return { ip: request.ip, residentPhoneBidx: session?.phone_bidx };
}

/** Public routes (no staff session): the residents' portal. Rate-limited per address. */
export async function portalRoutes(server: FastifyInstance, app: ModuleContext<'portal'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

  api.get(
    '/public/cases/track',
    {
      schema: {
        tags: ['public'],
        summary:
          '办件查询 Track a case by its number and the query code on the receipt (or as its applicant, signed in); failed look-ups are limited per address and per case',
        querystring: z.object({ number: z.string().min(4).max(40), queryCode: z.string().max(20).optional() }),
      },
      config: limited(20),
    },
    async (request) => trackCase(app, request.query, await portalCaller(app, request)),
  );

  api.get(
    '/public/villages',
    {
      schema: { tags: ['public'], summary: '村（社区）列表 Villages and communities with their township' },
      config: limited(60),
    },
    async () => villages(app),
  );

  api.get(
    '/public/departments',
    {
      schema: { tags: ['public'], summary: '部门通讯录 Department directory (address, phone, hours)' },
      config: limited(120),
    },
    async () => departmentDirectory(app),
  );

  api.post(
    '/public/resident/code',
    {
      schema: {
        tags: ['public'],
        summary: '获取短信验证码 Send a sign-in code by SMS',
        body: z.object({ phone: z.string().max(20) }),
      },
      config: limited(10),
    },
    async (request) => app.portal.residents.sendCode(request.body.phone.trim(), request.ip),
  );

  api.post(
    '/public/resident/session',
    {
      schema: {
        tags: ['public'],
        summary: '居民登录 Sign in with phone and code',
        body: z.object({ phone: z.string().max(20), code: z.string().max(10) }),
      },
      config: limited(20),
    },
    async (request, reply) => {
      const r = await app.portal.residents.signIn(request.body.phone.trim(), request.body.code.trim(), request.ip);
      reply.setCookie(RESIDENT_COOKIE, r.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.config.COOKIE_SECURE,
        maxAge: 7 * 86400,
      });
      return { phone: r.phone };
    },
  );

  api.get(
    '/public/resident/me',
    { schema: { tags: ['public'], summary: '当前居民 Who is signed in on the portal' } },
    async (request) => {
      const s = await app.portal.residents.requireSession(request.cookies[RESIDENT_COOKIE]);
      return { phone: s.phone_masked, expiresAt: s.expires_at.toISOString() };
    },
  );

  api.delete(
    '/public/resident/session',
    { schema: { tags: ['public'], summary: '居民退出 Sign out of the portal' } },
    async (request, reply) => {
      await app.portal.residents.signOut(request.cookies[RESIDENT_COOKIE]);
      reply.clearCookie(RESIDENT_COOKIE, { path: '/' });
      return { ok: true };
    },
  );
}
