import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { isoDate } from '../service-centre/centre.rules.ts';
import { renderDutyLogPdf, renderRotaPdf } from './duty-log.pdf.ts';
import { DutyService } from './duty.service.ts';

const tags = ['duty'];
const range = z.object({ departmentId: z.string().uuid(), from: isoDate, to: isoDate });

export async function dutyRoutes(server: FastifyInstance, app: ModuleContext) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const duty = new DutyService(app.db, app.calendar, app.clock);
  api.post(
    '/duty/rota/generate',
    { schema: { tags, summary: '排值日 Make the rota: leaders in turn, continuing from the last', body: z.unknown() } },
    async (request) => duty.generate(actorOf(request), request.body),
  );
  api.post(
    '/duty/rota/swap',
    {
      schema: {
        tags,
        summary: '调班 Swap the leaders of two days',
        body: z.object({ departmentId: z.string().uuid(), dayA: isoDate, dayB: isoDate }),
      },
    },
    async (request) => duty.swap(actorOf(request), request.body.departmentId, request.body.dayA, request.body.dayB),
  );
  api.get(
    '/duty/rota',
    { schema: { tags, summary: '值日表 The rota of a range', querystring: range } },
    async (request) => duty.rota(actorOf(request), request.query.departmentId, request.query.from, request.query.to),
  );
  api.get(
    '/duty/rota.ics',
    { schema: { tags, summary: '值日表（iCalendar） The rota for a calendar app', querystring: range } },
    async (request, reply) =>
      reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="duty.ics"')
        .send(await duty.ics(actorOf(request), request.query.departmentId, request.query.from, request.query.to)),
  );
  api.get(
    '/duty/rota.pdf',
    { schema: { tags, summary: '值日表（PDF） The rota to post on the wall', querystring: range } },
    async (request, reply) => {
      const { departmentId, from, to } = request.query;
      const rows = await duty.rota(actorOf(request), departmentId, from, to);
      const dept = await app.db
        .selectFrom('departments')
        .select('name')
        .where('id', '=', departmentId)
        .executeTakeFirstOrThrow();
      return reply.header('content-type', 'application/pdf').send(await renderRotaPdf(dept.name, from, to, rows));
    },
  );
  api.post(
    '/duty/log',
    { schema: { tags, summary: "值日记录 Write to the day's duty log (the leader on duty)", body: z.unknown() } },
    async (request, reply) => reply.status(201).send(await duty.addLog(actorOf(request), request.body)),
  );
  api.get(
    '/duty/log',
    {
      schema: {
        tags,
        summary: "值日簿 A day's log",
        querystring: z.object({ departmentId: z.string().uuid(), day: isoDate }),
      },
    },
    async (request) => duty.log(actorOf(request), request.query.departmentId, request.query.day),
  );
  api.get(
    '/duty/log.pdf',
    {
      schema: {
        tags,
        summary: "值日簿（PDF） A day's log to print and sign",
        querystring: z.object({ departmentId: z.string().uuid(), day: isoDate }),
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'application/pdf')
        .send(await renderDutyLogPdf(await duty.log(actorOf(request), request.query.departmentId, request.query.day))),
  );
}
