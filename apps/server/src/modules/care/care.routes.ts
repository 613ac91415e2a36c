import type { FastifyInstance } from 'fastify';
import { care as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { requireScope } from '../../core/auth/actor.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import type { CareService } from './care.service.ts';
import { generateVisitTasks } from './visit-tasks.ts';

export async function careRoutes(server: FastifyInstance, app: ModuleContext, care: CareService) {
  route(server, endpoints.list, async (request) => care.list(actorOf(request), request.query), {
    permission: 'assistance.read',
  });
  route(server, endpoints.register, async (request) => care.register(actorOf(request), request.body), {
    permission: 'assistance.manage',
  });
  route(server, endpoints.get, async (request) => care.get(actorOf(request), request.params.id), {
    permission: 'assistance.read',
  });
  route(
    server,
    endpoints.addRecord,
    async (request) => care.addRecord(actorOf(request), request.params.id, request.body),
    { permission: 'care.record' },
  );
  route(
    server,
    endpoints.addPairing,
    async (request) => care.addPairing(actorOf(request), request.params.id, request.body),
    { permission: 'assistance.manage' },
  );
  route(server, endpoints.visitTasks, async (request) => care.visitTasks(actorOf(request), request.query.month), {
    permission: 'care.record',
  });
  route(
    server,
    endpoints.makeVisitTasks,
    async (request) => {
      requireScope(actorOf(request), 'assistance.manage');
      return { made: await generateVisitTasks(app.db, await app.calendar.get(), request.body.month) };
    },
    { permission: 'assistance.manage' },
  );
  route(server, endpoints.opinions, async (request) => care.opinions(actorOf(request)), {
    permission: 'care.record',
  });
  route(server, endpoints.fileOpinion, async (request) => care.fileOpinion(request.body, request.ip), {
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  });
}
