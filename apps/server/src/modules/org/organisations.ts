import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { badInput, conflict } from '../../core/errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { creditCodeRegistered, divisionExists, insertOrganisation, listOrganisations } from './org.repository.ts';

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
      const actor = actorOf(request);
      requirePermission(actor, 'department.manage');
      const b = request.body;
      const row = await app.db.transaction().execute(async (tx) => {
        if (!(await divisionExists(tx, b.divisionCode)))
          throw badInput('divisionCode', '区划不存在', 'Division not found');
        if (b.creditCode && (await creditCodeRegistered(tx, b.creditCode)))
          throw conflict('organisation_exists', '该统一社会信用代码已登记', 'This credit code is registered');
        const r = await insertOrganisation(tx, {
          name: b.name,
          kind: b.kind,
          credit_code: b.creditCode ?? null,
          division_code: b.divisionCode,
          phone: b.phone ?? null,
        });
        await recordAudit(tx, {
          action: 'organisation.create',
          actorId: actor.id,
          actorName: actor.username,
          ip: request.ip,
          targetType: 'organisation',
          targetId: r.id,
          divisionCode: b.divisionCode,
          details: b,
        });
        return r;
      });
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
