import type { FastifyInstance } from 'fastify';
import { agency as endpoints } from '@grassroots/contracts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import type { AgencyService } from './agency.service.ts';

export async function agencyRoutes(server: FastifyInstance, agency: AgencyService) {
  route(
    server,
    endpoints.open,
    async (request) => agency.open(actorOf(request), request.body, idempotencyKey(request.headers)),
    { permission: 'centre.serve' },
  );
  route(server, endpoints.list, async (request) => agency.list(actorOf(request)));
  route(server, endpoints.get, async (request) => agency.get(actorOf(request), request.params.id));
  route(server, endpoints.answer, async (request) =>
    agency.answer(actorOf(request), request.params.id, request.body.answer),
  );
  route(
    server,
    endpoints.publicView,
    async (request) => agency.publicView(request.params.number, request.query.queryCode, request.ip),
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
  );
  route(
    server,
    endpoints.complain,
    async (request) => agency.complain(request.params.number, request.body.queryCode, request.body, request.ip),
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
  );
}
