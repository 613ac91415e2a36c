import type { FastifyInstance } from 'fastify';
import { assistance as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { entitlementRoutes } from './assistance-entitlements.routes.ts';
import { paymentRoutes } from './assistance-payments.routes.ts';
import { publicAssistanceRoutes } from './assistance-public.routes.ts';

/** The module's HTTP surface: rule versions and the staff side of applications here; each other area in its own file. */
export async function assistanceRoutes(server: FastifyInstance, app: ModuleContext<'assistance' | 'portal'>) {
  const { rules, applications } = app.assistance;

  // the body is checked by the service against its programme's schema, which names the field
  route(server, endpoints.addRule, async (request) => rules.add(actorOf(request), request.body), {
    permission: 'config.manage',
  });
  // staff who handle cases read the standards; the figures are public policy (三公开), not personal data
  route(
    server,
    endpoints.ruleInForce,
    async (request) => rules.versionFor(request.query.programme, request.query.divisionCode, request.query.on),
    { permission: 'case.read' },
  );

  // ── applications and notices, staff side
  route(
    server,
    endpoints.onlineApplications,
    async (request) => applications.pendingOnlineApplications(actorOf(request)),
    { permission: 'case.open' },
  );
  route(
    server,
    endpoints.takeUp,
    async (request) => applications.takeUp(actorOf(request), request.params.id, idempotencyKey(request.headers)),
    { permission: 'case.open' },
  );
  route(server, endpoints.objections, async (request) => applications.objections(actorOf(request), request.params.id), {
    permission: 'case.read',
  });

  await entitlementRoutes(server, app);
  await paymentRoutes(server, app);
  await publicAssistanceRoutes(server, app);
}
