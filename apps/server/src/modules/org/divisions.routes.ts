import { org as endpoints } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';

/** The administrative tree: children on a day, and the changes a civil-affairs office records (new, merged, split). */
export async function divisionRoutes(server: FastifyInstance, app: ModuleContext<'org'>) {
  route(server, endpoints.children, async (request) => app.org.children(request.params.code, request.query.on));
  route(
    server,
    endpoints.addDivision,
    async (request) => {
      await app.org.addDivision(actorOf(request), request.body);
      return { ok: true as const };
    },
    { permission: 'division.manage' },
  );
  route(
    server,
    endpoints.mergeDivision,
    async (request) => {
      await app.org.mergeDivision(actorOf(request), request.body);
      return { ok: true as const };
    },
    { permission: 'division.manage' },
  );
  route(
    server,
    endpoints.splitDivision,
    async (request) => {
      await app.org.splitDivision(actorOf(request), request.body);
      return { ok: true as const };
    },
    { permission: 'division.manage' },
  );
}
