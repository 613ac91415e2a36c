import { CalendarDate } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf } from '../../http/auth-hook.ts';

const isoDate = CalendarDate;

/** The administrative tree: children on a day, and the changes a civil-affairs office records (new, merged, split). */
export async function divisionRoutes(server: FastifyInstance, app: ModuleContext<'org'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/divisions/:code/children',
    {
      schema: {
        tags: ['org'],
        summary: '下级区划 Child divisions',
        params: z.object({ code: z.string().regex(/^\d{6,15}$/) }),
        querystring: z.object({ on: isoDate.optional() }),
      },
    },
    async (request) => app.org.children(request.params.code, request.query.on),
  );
  api.post(
    '/divisions',
    {
      schema: {
        tags: ['org'],
        summary: '新增区划 Add a division',
        body: z.object({
          code: z.string(),
          name: z.string().min(1),
          parentCode: z.string(),
          validFrom: isoDate.optional(),
        }),
      },
    },
    async (request, reply) => {
      await app.org.addDivision(actorOf(request), request.body);
      return reply.status(201).send({ ok: true });
    },
  );
  api.post(
    '/divisions/merge',
    {
      schema: {
        tags: ['org'],
        summary: '区划撤并 Merge a division into another',
        body: z.object({ fromCode: z.string(), intoCode: z.string(), effective: isoDate }),
      },
    },
    async (request) => {
      await app.org.mergeDivision(actorOf(request), request.body);
      return { ok: true };
    },
  );
  api.post(
    '/divisions/split',
    {
      schema: {
        tags: ['org'],
        summary: '区划分设 Split a division: a new one beside it takes over some of its children',
        body: z.object({
          fromCode: z.string(),
          newCode: z.string(),
          newName: z.string().min(1).max(50),
          childCodes: z.array(z.string()).max(500),
          effective: isoDate,
        }),
      },
    },
    async (request, reply) => {
      await app.org.splitDivision(actorOf(request), request.body);
      return reply.status(201).send({ ok: true });
    },
  );
}
