import type { FastifyInstance, FastifyRequest } from 'fastify';
import { portal as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { route } from '../../http/endpoint.ts';
import { departmentDirectory, type PortalCaller, trackCase, villages } from './portal.service.ts';
import { RESIDENT_COOKIE } from './resident-auth.service.ts';

/** The client's address and, if a resident is signed in on the portal, her phone's blind index. */
export async function portalCaller(app: ModuleContext<'portal'>, request: FastifyRequest): Promise<PortalCaller> {
  const session = await app.portal.residents.session(request.cookies[RESIDENT_COOKIE]);
  return { ip: request.ip, residentPhoneBidx: session?.phone_bidx };
}

/** Public routes (no staff session): the residents' portal. Rate-limited per address. */
export async function portalRoutes(server: FastifyInstance, app: ModuleContext<'portal'>) {
  const limited = (max: number) => ({ config: { rateLimit: { max, timeWindow: '1 minute' } } });

  route(
    server,
    endpoints.track,
    async (request) => trackCase(app, request.query, await portalCaller(app, request)),
    limited(20),
  );
  route(server, endpoints.villages, async () => villages(app), limited(60));
  route(server, endpoints.departments, async () => departmentDirectory(app), limited(120));

  route(
    server,
    endpoints.sendCode,
    async (request) => app.portal.residents.sendCode(request.body.phone.trim(), request.ip),
    limited(10),
  );
  route(
    server,
    endpoints.signIn,
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
    limited(20),
  );
  route(server, endpoints.me, async (request) => {
    const s = await app.portal.residents.requireSession(request.cookies[RESIDENT_COOKIE]);
    return { phone: s.phone_masked, expiresAt: s.expires_at };
  });
  route(server, endpoints.signOut, async (request, reply) => {
    await app.portal.residents.signOut(request.cookies[RESIDENT_COOKIE]);
    reply.clearCookie(RESIDENT_COOKIE, { path: '/' });
    return { ok: true as const };
  });
}
