import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { today } from '../../core/time.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { sendDocumentPdf } from '../../http/document-reply.ts';
import { DisputesService } from './disputes.service.ts';
import { MeetingsService } from './meetings.service.ts';

const tags = ['disputes'];
const idParams = z.object({ id: z.string().uuid() });

export async function disputeRoutes(server: FastifyInstance, app: ModuleContext<'portal'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const disputes = new DisputesService(
    app.db,
    app.documents,
    app.clock,
    () => app.config.GRASSROOTS_DISPUTE_ATTEMPTS_BEFORE_FLAG,
  );
  const meetings = new MeetingsService(app.db, app.documents, app.clock);
  const sendPdf = (reply: FastifyReply, doc: { id: string; number: string }) =>
    sendDocumentPdf(reply, app.documents, doc);

  api.post(
    '/disputes',
    {
      schema: {
        tags,
        summary: '登记纠纷 Record a dispute (linked to its earlier record when it comes back)',
        body: z.unknown(),
      },
    },
    async (request, reply) => reply.status(201).send(await disputes.record(actorOf(request), request.body)),
  );
  api.get(
    '/disputes',
    {
      schema: {
        tags,
        summary: '纠纷清单 Disputes in reach, open and flagged first',
        querystring: z.object({ status: z.enum(['open', 'settled', 'closed']).optional() }),
      },
    },
    async (request) => disputes.list(actorOf(request), request.query.status),
  );
  api.get(
    '/disputes/similar',
    {
      schema: {
        tags,
        summary: '同一纠纷 Earlier disputes with a party in common, same place and category',
        querystring: z.object({
          divisionCode: z.string().max(12),
          categoryCode: z.string().max(60),
          party: z.union([z.string(), z.array(z.string())]).transform((v) => [v].flat()),
        }),
      },
    },
    async (request) =>
      disputes.similar(actorOf(request), {
        divisionCode: request.query.divisionCode,
        categoryCode: request.query.categoryCode,
        partyNames: request.query.party,
      }),
  );
  api.get(
    '/disputes/follow-ups',
    {
      schema: {
        tags,
        summary:
          '协议履行跟踪 Agreements awaiting follow-up, and those whose 30 days for judicial confirmation end soon',
        querystring: z.object({ withinDays: z.coerce.number().int().min(0).max(3650).default(7) }),
      },
    },
    async (request) => disputes.followUps(actorOf(request), request.query.withinDays),
  );
  api.get(
    '/disputes/:id',
    {
      schema: {
        tags,
        summary: '纠纷及其全部调处经过 A dispute with every attempt, those of its earlier records too',
        params: idParams,
      },
    },
    async (request) => disputes.history(actorOf(request), request.params.id),
  );
  api.post(
    '/disputes/:id/attempts',
    {
      schema: {
        tags,
        summary:
          '调处记录 An attempt: mediation (four levels), administrative mediation, arbitration, litigation; an agreement becomes a PDF',
        params: idParams,
        body: z.unknown(),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await disputes.addAttempt(actorOf(request), request.params.id, request.body)),
  );
  api.get(
    '/disputes/attempts/:id/agreement.pdf',
    { schema: { tags, summary: '调解协议书 The agreement of an attempt, as a PDF', params: idParams } },
    async (request, reply) => sendPdf(reply, await disputes.agreementDocument(actorOf(request), request.params.id)),
  );
  api.post(
    '/disputes/attempts/:id/follow-up',
    {
      schema: {
        tags,
        summary: '履行回访 Record whether an agreement was performed (a breach reopens the dispute)',
        params: idParams,
        body: z.object({ performance: z.enum(['performed', 'breached']), note: z.string().max(2000) }),
      },
    },
    async (request) => disputes.followUp(actorOf(request), request.params.id, request.body),
  );

  api.get(
    '/meetings/agenda',
    {
      schema: {
        tags,
        summary: "联席会议议程 The community's open property matters and disputes",
        querystring: z.object({ divisionCode: z.string().max(12) }),
      },
    },
    async (request) => meetings.agenda(actorOf(request), request.query.divisionCode),
  );
  api.post(
    '/meetings',
    {
      schema: {
        tags,
        summary: '联席会议 Record a four-party meeting: attendees, agenda, minutes, action items',
        body: z.unknown(),
      },
    },
    async (request, reply) => reply.status(201).send(await meetings.record(actorOf(request), request.body)),
  );
  api.get(
    '/meetings',
    { schema: { tags, summary: '联席会议 Recent meetings in reach, with their action items and minutes' } },
    async (request) => meetings.list(actorOf(request)),
  );
  api.get(
    '/meetings/:id/minutes.pdf',
    { schema: { tags, summary: '会议纪要 The minutes of a meeting, as a PDF', params: idParams } },
    async (request, reply) => sendPdf(reply, await meetings.minutesDocument(actorOf(request), request.params.id)),
  );
  api.post(
    '/meetings/actions/:id/done',
    {
      schema: {
        tags,
        summary: '事项完成 An action item done',
        params: idParams,
        body: z.object({ note: z.string().max(2000) }),
      },
    },
    async (request) => meetings.done(actorOf(request), request.params.id, request.body.note),
  );
  api.get(
    '/meetings/owed',
    {
      schema: {
        tags,
        summary:
          "应开未开 Communities without this quarter's meeting or this half-year's summary, and overdue action items",
      },
    },
    async (request) => meetings.owed(actorOf(request), today(app.clock)),
  );
}
