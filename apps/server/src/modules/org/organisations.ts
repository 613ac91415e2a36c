import { org as endpoints } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { listOrganisations } from './org.repository.ts';
import { registerOrganisation } from './organisations.service.ts';

/** Outside parties (物业公司, 企业, 银行): maintained by the system administrator, readable by staff. */
export async function organisationRoutes(server: FastifyInstance, app: ModuleContext) {
  route(
    server,
    endpoints.registerOrganisation,
    async (request) => registerOrganisation(app.db, actorOf(request), request.ip, request.body),
    { permission: 'department.manage' },
  );
  route(server, endpoints.organisations, async (request) => {
    // any signed-in member of staff: outside parties are in no one's jurisdiction
    actorOf(request);
    return listOrganisations(app.db, request.query);
  });
}
