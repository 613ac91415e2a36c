import type { FastifyInstance } from 'fastify';
import { CalendarDate, CalendarMonth } from '@grassroots/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { requireScope } from '../../core/auth/actor.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { CareService, RECORD_KINDS } from './care.service.ts';
import { generateVisitTasks } from './visit-tasks.ts';

const tags = ['care'];
const idParams = z.object({ id: z.string().uuid() });
const isoDate = CalendarDate;

export async function careRoutes(server: FastifyInstance, app: ModuleContext<'assistance'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const care = new CareService(app.db, app.cipher, app.assistance, app.clock);

  api.get(
    '/care/beneficiaries',
    {
      schema: {
        tags,
        summary: '优抚对象 Beneficiaries by category (with households also in 低保 marked)',
        querystring: z.object({ category: z.string().max(40).optional(), search: z.string().max(40).optional() }),
      },
    },
    async (request) => care.list(actorOf(request), request.query),
  );

  api.post(
    '/care/beneficiaries',
    {
      schema: {
        tags,
        summary: "登记优抚对象 Register a beneficiary; the category's standard is paid through the cycles",
        body: z.object({
          personId: z.string().uuid(),
          category: z.string().max(40),
          since: isoDate,
          phone: z.string().max(20).optional(),
          workingAway: z.boolean().optional(),
          bankName: z.string().max(60).optional(),
          account: z.string().max(40).optional(),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await care.register(actorOf(request), request.body)),
  );

  api.get(
    '/care/beneficiaries/:id',
    {
      schema: { tags, summary: '优抚对象详情 A beneficiary with records, visit tasks and pairings', params: idParams },
    },
    async (request) => care.get(actorOf(request), request.params.id),
  );

  api.post(
    '/care/beneficiaries/:id/records',
    {
      schema: {
        tags,
        summary: '服务记录 Record a visit, one of the five services, or a health-file entry',
        params: idParams,
        body: z.object({
          kind: z.enum(RECORD_KINDS),
          onDate: isoDate,
          notes: z.string().max(4000),
          problemSolved: z.string().max(2000).optional(),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await care.addRecord(actorOf(request), request.params.id, request.body)),
  );

  api.post(
    '/care/beneficiaries/:id/pairings',
    {
      schema: {
        tags,
        summary: "结对帮扶 Pair a cadre with a beneficiary, with the plan's five points",
        params: idParams,
        body: z.object({
          cadreId: z.string().uuid(),
          plan: z.object({
            time: z.string().max(200),
            content: z.string().max(2000),
            plan: z.string().max(2000),
            goal: z.string().max(2000),
            effect: z.string().max(2000),
          }),
          problemSolved: z.string().max(2000).optional(),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await care.addPairing(actorOf(request), request.params.id, request.body)),
  );

  api.get(
    '/care/visit-tasks',
    {
      schema: {
        tags,
        summary: "走访任务 This month's visits, done and owed",
        querystring: z.object({ month: CalendarMonth }),
      },
    },
    async (request) => care.visitTasks(actorOf(request), request.query.month),
  );

  api.post(
    '/care/visit-tasks',
    {
      schema: {
        tags,
        summary: "生成走访任务 Make a month's visit tasks now (the worker does it on the 1st)",
        body: z.object({ month: CalendarMonth }),
      },
    },
    async (request) => {
      requireScope(actorOf(request), 'assistance.manage');
      return { made: await generateVisitTasks(app.db, await app.calendar.get(), request.body.month) };
    },
  );

  api.get(
    '/care/opinions',
    { schema: { tags, summary: '外出人员意见反馈 Opinions sent from the portal' } },
    async (request) => care.opinions(actorOf(request)),
  );

  api.post(
    '/public/care/opinions',
    {
      schema: {
        tags: ['public'],
        summary: '意见反馈（外出务工的优抚对象及家属） Send an opinion from away',
        body: z.object({
          name: z.string().max(40),
          phone: z.string().max(20),
          divisionCode: z.string().max(15),
          text: z.string().max(2000),
        }),
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => reply.status(201).send(await care.fileOpinion(request.body, request.ip)),
  );
}
