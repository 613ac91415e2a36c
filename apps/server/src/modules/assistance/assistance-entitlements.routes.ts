import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { CalendarDate } from '@grassroots/contracts';
import { requireScope } from '../../core/auth/actor.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { PROGRAMME_CODES, PROGRAMMES } from './programmes.ts';
import { WORK_KINDS } from './work-records.service.ts';

const uuid = z.string().uuid();
const idParams = z.object({ id: uuid });
const tags = ['assistance'];

/** Enrolled households and their changes, family-planning rewards, work and training records. */
export async function entitlementRoutes(server: FastifyInstance, app: ModuleContext<'assistance'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { entitlements, familyPlanning, work } = app.assistance;

  // ── entitlements and their ledgers
  api.get(
    '/assistance/entitlements',
    {
      schema: {
        tags,
        summary: '保障对象 Enrolled households',
        querystring: z.object({
          programme: z.enum(PROGRAMME_CODES).optional(),
          status: z.enum(['active', 'suspended', 'terminated']).optional(),
          search: z.string().max(40).optional(),
          cursor: uuid.optional(),
        }),
      },
    },
    async (request) => entitlements.list(actorOf(request), request.query),
  );

  api.get(
    '/assistance/entitlements/:id',
    {
      schema: {
        tags,
        summary: '保障对象详情与台账 An entitlement with its members, changes and payment ledger',
        params: idParams,
      },
    },
    async (request) => entitlements.get(actorOf(request), request.params.id),
  );

  api.put(
    '/assistance/entitlements/:id/account',
    {
      schema: {
        tags,
        summary: '更正收款账户 Change the account paid to',
        params: idParams,
        body: z.object({
          bankName: z.string().max(60),
          account: z.string().max(40),
          expectedVersion: z.number().int(),
        }),
      },
    },
    async (request) => entitlements.changeAccount(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/assistance/entitlements/:id/account/verify',
    {
      schema: {
        tags,
        summary:
          "核对收款账户 Verify an account typed on the portal against the payee's own bank card or passbook (typed again from it); unverified accounts are not paid",
        params: idParams,
        body: z.object({
          account: z.string().max(40),
          against: z.enum(['bankCard', 'passbook']),
          expectedVersion: z.number().int(),
        }),
      },
    },
    async (request) => entitlements.verifyAccount(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/assistance/entitlements/:id/changes',
    {
      schema: {
        tags,
        summary: '增发、减发、停发、恢复、终止 Change an entitlement, with its notice',
        params: idParams,
        body: z.object({
          kind: z.enum(['increase', 'decrease', 'suspend', 'resume', 'terminate']),
          amountFen: z.number().int().optional(),
          reason: z.string().max(500),
          expectedVersion: z.number().int(),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await entitlements.applyChange(actorOf(request), request.params.id, request.body)),
  );

  api.get(
    '/assistance/programmes',
    { schema: { tags, summary: '救助项目 Programmes paid through the cycles: who is paid and how often' } },
    async (request) => {
      requireScope(actorOf(request), 'assistance.read');
      return Object.entries(PROGRAMMES).map(([code, p]) => ({ code, ...p }));
    },
  );

  // ── family-planning rewards (计生奖励扶助)
  api.get(
    '/assistance/family-planning/eligible',
    {
      schema: { tags, summary: '计生奖励扶助 Persons the measure finds in the registry, not yet enrolled, for review' },
    },
    async (request) => familyPlanning.eligible(actorOf(request)),
  );

  api.post(
    '/assistance/family-planning/enrol',
    {
      schema: {
        tags,
        summary: '纳入奖励扶助 Enrol the persons chosen from the list (each checked again)',
        body: z.object({ personIds: z.array(uuid).max(500) }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await familyPlanning.enrol(actorOf(request), request.body.personIds)),
  );

  // ── work and training (公益劳动、就业培训、退役军人就业)
  api.get(
    '/assistance/work-records',
    {
      schema: {
        tags,
        summary: '劳动与就业台账 Public-welfare labour, training referrals, training, employment',
        querystring: z.object({ personId: uuid.optional(), kind: z.enum(WORK_KINDS).optional() }),
      },
    },
    async (request) => work.list(actorOf(request), request.query),
  );

  api.post(
    '/assistance/work-records',
    {
      schema: {
        tags,
        summary: '登记劳动、培训或就业 Record labour, a referral, training or employment',
        body: z.object({
          personId: uuid,
          kind: z.enum(WORK_KINDS),
          onDate: CalendarDate,
          hours: z.number().int().min(1).max(300).optional(),
          organisation: z.string().max(100).optional(),
          notes: z.string().max(2000),
          outcome: z.string().max(500).optional(),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await work.add(actorOf(request), request.body)),
  );
}
