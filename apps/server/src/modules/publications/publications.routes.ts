import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { type PublicationKind, PublicationsService } from './publications.service.ts';

const divisionCode = z.string().regex(/^\d{6,12}$/);

export async function publicationRoutes(server: FastifyInstance, app: ModuleContext) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const publications = new PublicationsService(app.db, app.files, app.clock, () => `${app.publicUrl()}/guide`);
  const send = async (reply: FastifyReply, kind: PublicationKind, scope: string, fileName: string) => {
    const pdf = await publications.pdf(kind, scope);
    return reply
      .header('content-type', 'application/pdf')
      .header('etag', `"${pdf.fingerprint}"`)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(pdf.bytes);
  };

  // printed matter is public (政务公开): the same PDFs a township prints
  api.get(
    '/public/publications/card',
    {
      schema: {
        tags: ['public'],
        summary: "便民服务一卡通 A village's household card (PDF), regenerated when the catalogue changes",
        querystring: z.object({ village: divisionCode }),
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => send(reply, 'card', request.query.village, `便民服务一卡通-${request.query.village}.pdf`),
  );
  api.get(
    '/public/publications/board',
    {
      schema: {
        tags: ['public'],
        summary: '村务公开栏 The village notice board, poster size A2 (PDF)',
        querystring: z.object({ village: divisionCode }),
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) =>
      send(reply, 'board', request.query.village, `便民服务公开栏-${request.query.village}.pdf`),
  );
  api.get(
    '/public/publications/handbook',
    {
      schema: {
        tags: ['public'],
        summary: "办事指南汇编 The handbook: every item's conditions, materials and steps, with contents (PDF)",
        querystring: z.object({ county: divisionCode }),
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => send(reply, 'handbook', request.query.county, `办事指南汇编-${request.query.county}.pdf`),
  );
  api.get(
    '/public/consultants',
    {
      schema: {
        tags: ['public'],
        summary: "便民服务咨询员 A township's village consultants",
        querystring: z.object({ township: divisionCode }),
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request) => publications.consultants(request.query.township),
  );
  api.put(
    '/centre/consultants/:divisionCode',
    {
      schema: {
        tags: ['service centre'],
        summary: "设置咨询员 Set a village's consultant (printed on its card)",
        params: z.object({ divisionCode }),
        body: z.object({ name: z.string().max(40), phone: z.string().max(20) }),
      },
    },
    async (request) => publications.setConsultant(actorOf(request), request.params.divisionCode, request.body),
  );
}
