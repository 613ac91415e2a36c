import type { FastifyInstance } from 'fastify';
import { assistance as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { route } from '../../http/endpoint.ts';
import { RESIDENT_COOKIE } from '../portal/index.ts';

/** The residents' side (no staff session): notices, objections, online applications. */
export async function publicAssistanceRoutes(server: FastifyInstance, app: ModuleContext<'assistance' | 'portal'>) {
  const { portal } = app.assistance;
  const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
  const resident = (token: string | undefined) => app.portal.residents.requireSession(token);

  route(server, endpoints.notices, async (request) => portal.currentNotices(request.query.division), {
    config: limited(120),
  });
  route(
    server,
    endpoints.fileObjection,
    async (request) => portal.fileObjection(request.params.number, request.body, request.ip),
    { config: limited(10) },
  );
  route(
    server,
    endpoints.apply,
    async (request) => {
      const s = await resident(request.cookies[RESIDENT_COOKIE]);
      return portal.apply(s.phone_bidx, request.body, request.ip);
    },
    { config: limited(10) },
  );
  route(
    server,
    endpoints.myApplications,
    async (request) => portal.myApplications((await resident(request.cookies[RESIDENT_COOKIE])).phone_bidx),
    { config: limited(60) },
  );
}
