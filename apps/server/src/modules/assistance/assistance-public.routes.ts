import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { RESIDENT_COOKIE } from '../portal/index.ts';
import { ALLOWANCE_PROGRAMMES } from './minimum-allowance.workflow.ts';

/** The residents' side (no staff session): notices, objections, online applications. */
export async function publicAssistanceRoutes(server: FastifyInstance, app: ModuleContext<'assistance' | 'portal'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { portal } = app.assistance;

  // ── the portal (no staff session)
  const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
  const resident = (token: string | undefined) => app.portal.residents.requireSession(token);

  api.get(
    '/public/assistance/notices',
    {
      schema: {
        tags: ['public'],
        summary: '低保公示 Households on public notice now (names masked)',
        querystring: z.object({
          division: z
            .string()
            .regex(/^\d{6,12}$/)
            .optional(),
        }),
      },
      config: limited(120),
    },
    async (request) => portal.currentNotices(request.query.division),
  );

  api.post(
    '/public/assistance/notices/:number/objections',
    {
      schema: {
        tags: ['public'],
        summary: '提出异议 File an objection during the notice',
        params: z.object({ number: z.string().max(40) }),
        body: z.object({
          text: z.string().max(2000),
          name: z.string().max(40).optional(),
          phone: z.string().max(20).optional(),
        }),
      },
      config: limited(10),
    },
    async (request, reply) =>
      reply.status(201).send(await portal.fileObjection(request.params.number, request.body, request.ip)),
  );

  api.post(
    '/public/assistance/applications',
    {
      schema: {
        tags: ['public'],
        summary: '网上申请低保 Apply online (signed-in resident)',
        body: z.object({
          programme: z.enum(ALLOWANCE_PROGRAMMES),
          idNumber: z.string().max(20),
          reason: z.string().max(2000),
          bankName: z.string().max(60).optional(),
          account: z.string().max(40).optional(),
        }),
      },
      config: limited(10),
    },
    async (request, reply) => {
      const s = await resident(request.cookies[RESIDENT_COOKIE]);
      return reply.status(201).send(await portal.apply(s.phone_bidx, request.body, request.ip));
    },
  );

  api.get(
    '/public/assistance/applications',
    { schema: { tags: ['public'], summary: '我的申请 My applications and where they stand' }, config: limited(60) },
    async (request) => portal.myApplications((await resident(request.cookies[RESIDENT_COOKIE])).phone_bidx),
  );
}
