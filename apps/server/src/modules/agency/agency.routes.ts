import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { lookupLimitsOf } from '../portal/index.ts';
import { AgencyService } from './agency.service.ts';

const tags = ['agency'];
const number = z.string().regex(/^DB-\d{4}-\d{6}$/i);

export const agencyService = (app: ModuleContext) =>
  new AgencyService(app.db, app.cases, app.caseTypes, app.cipher, app.clock, lookupLimitsOf(app.config));

export async function agencyRoutes(server: FastifyInstance, app: ModuleContext) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const agency = agencyService(app);
  api.post(
    '/agency/packages',
    {
      schema: {
        tags,
        summary: '企业代办 Open a package: one sub-case per item, each with its own clock, one agent',
        body: z.unknown(),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await agency.open(actorOf(request), request.body, idempotencyKey(request.headers))),
  );
  api.get(
    '/agency/packages',
    { schema: { tags, summary: '代办项目 Packages of the centres in reach, with progress' } },
    async (request) => agency.list(actorOf(request)),
  );
  api.get(
    '/agency/packages/:id',
    {
      schema: {
        tags,
        summary: '代办项目详情 A package: sub-cases, what blocks them, complaints',
        params: z.object({ id: z.string().uuid() }),
      },
    },
    async (request) => agency.get(actorOf(request), request.params.id),
  );
  api.post(
    '/agency/complaints/:id/answer',
    {
      schema: {
        tags,
        summary: "答复投诉 Answer an enterprise's complaint",
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ answer: z.string().max(2000) }),
      },
    },
    async (request) => agency.answer(actorOf(request), request.params.id, request.body.answer),
  );
  api.get(
    '/public/agency/:number',
    {
      schema: {
        tags: ['public'],
        summary:
          '代办进度 The enterprise follows its package (number + the query code it was given; failed look-ups limited)',
        params: z.object({ number }),
        querystring: z.object({ queryCode: z.string().max(20) }),
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request) => agency.publicView(request.params.number, request.query.queryCode, request.ip),
  );
  api.post(
    '/public/agency/:number/complaints',
    {
      schema: {
        tags: ['public'],
        summary: '代办投诉 Complain through the package (number + query code)',
        params: z.object({ number }),
        body: z.object({
          queryCode: z.string().max(20),
          text: z.string().max(2000),
          name: z.string().max(40).optional(),
          phone: z.string().max(20).optional(),
        }),
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await agency.complain(request.params.number, request.body.queryCode, request.body, request.ip)),
  );
}
