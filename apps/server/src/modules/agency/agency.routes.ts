import type { FastifyInstance } from 'fastify';
import { agency as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { lookupLimitsOf } from '../portal/index.ts';
import { AgencyService } from './agency.service.ts';

export const agencyService = (app: ModuleContext) =>
  new AgencyService(app.db, app.cases, app.caseTypes, app.cipher, app.clock, lookupLimitsOf(app.config));

export async function agencyRoutes(server: FastifyInstance, app: ModuleContext) {
  const agency = agencyService(app);
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
