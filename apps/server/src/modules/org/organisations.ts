import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { listOrganisations } from './org.repository.ts';
import { registerOrganisation } from './organisations.service.ts';

const Organisation = z.object({
  name: z.string().min(2).max(100),
  kind: z.enum(['property_company', 'enterprise', 'bank', 'social_organisation', 'other']),
  creditCode: z
    .string()
    .regex(
      /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
      '统一社会信用代码应为18位 / 18-character unified social credit code',
    )
    .optional(),
  divisionCode: z.string(),
  phone: z.string().max(30).optional(),
});

/** Outside parties (物业公司, 企业, 银行): maintained by the system administrator, readable by staff. */
export async function organisationRoutes(server: FastifyInstance, app: ModuleContext) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/organisations',
    { schema: { tags: ['org'], summary: '登记单位 Register an organisation', body: Organisation } },
    async (request, reply) => {
      const row = await registerOrganisation(app.db, actorOf(request), request.ip, request.body);
      return reply.status(201).send(row);
    },
  );
  api.get(
    '/organisations',
    {
      schema: {
        tags: ['org'],
        summary: '单位 Organisations',
        querystring: z.object({ kind: z.string().optional(), name: z.string().optional() }),
      },
    },
    async (request) => {
      actorOf(request);
      return listOrganisations(app.db, request.query);
    },
  );
}
