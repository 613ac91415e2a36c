import type { FastifyInstance } from 'fastify';
import { CalendarDate } from '@grassroots/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { requireScope } from '../../core/auth/actor.ts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { entitlementRoutes } from './assistance-entitlements.routes.ts';
import { paymentRoutes } from './assistance-payments.routes.ts';
import { publicAssistanceRoutes } from './assistance-public.routes.ts';

const uuid = z.string().uuid();
const idParams = z.object({ id: uuid });
const tags = ['assistance'];

/** The module's HTTP surface: rule versions and the staff side of applications here; each other area in its own file. */
export async function assistanceRoutes(server: FastifyInstance, app: ModuleContext<'assistance' | 'portal'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { rules, applications } = app.assistance;

  api.post(
    '/assistance/rules',
    {
      schema: {
        tags,
        summary:
          '新增救助规则版本 Add a rule version (standard, incomes, rounding, classes); versions are never edited',
        body: z.unknown(),
      },
    },
    async (request, reply) => reply.status(201).send(await rules.add(actorOf(request), request.body)),
  );

  api.get(
    '/assistance/rules/in-force',
    {
      schema: {
        tags,
        summary: '现行规则 The rule version in force for a division on a day',
        querystring: z.object({
          programme: z.string().regex(/^[a-z][a-zA-Z]*$/),
          divisionCode: z.string().regex(/^\d{6,12}$/),
          on: CalendarDate,
        }),
      },
    },
    async (request) => {
      // staff who handle cases read the standards; the figures are public policy (三公开), not personal data
      requireScope(actorOf(request), 'case.read');
      return rules.versionFor(request.query.programme, request.query.divisionCode, request.query.on);
    },
  );

  // ── applications and notices, staff side
  api.get(
    '/assistance/online-applications',
    { schema: { tags, summary: '待受理的网上申请 Online applications waiting to be taken up' } },
    async (request) => applications.pendingOnlineApplications(actorOf(request)),
  );

  api.post(
    '/assistance/online-applications/:id/take-up',
    { schema: { tags, summary: '受理网上申请 Open the case from an online application', params: idParams } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await applications.takeUp(actorOf(request), request.params.id, idempotencyKey(request.headers))),
  );

  api.get(
    '/assistance/cases/:id/objections',
    { schema: { tags, summary: "公示异议 Objections filed against a case's notice", params: idParams } },
    async (request) => applications.objections(actorOf(request), request.params.id),
  );

  await entitlementRoutes(server, app);
  await paymentRoutes(server, app);
  await publicAssistanceRoutes(server, app);
}
