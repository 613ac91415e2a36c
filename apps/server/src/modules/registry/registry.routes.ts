import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../app.ts';
import { actorOf } from '../../http/auth-hook.ts';

const PersonBody = z.object({
  idNumber: z.string(), name: z.string(), sex: z.string().optional(), birthDate: z.string().optional(), ethnicity: z.string().optional(),
  phone: z.string().optional(), registeredAddress: z.string().optional(), residenceAddress: z.string().optional(), residenceType: z.string().optional(),
  maritalStatus: z.string().optional(), disabilityGrade: z.number().int().optional(), isVeteran: z.boolean().optional(), divisionCode: z.string(),
});

export async function registryRoutes(server: FastifyInstance, app: App) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  api.get('/persons', { schema: { tags: ['registry'], summary: '人员查询 Search persons (ID, name, address, household)', querystring: z.object({ idNumber: z.string().optional(), name: z.string().max(50).optional(), address: z.string().max(100).optional(), household: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) } }, async (request) =>
    app.registry.search(actorOf(request), { ...request.query, householdNumber: request.query.household }));
  api.get('/persons/:id', { schema: { tags: ['registry'], summary: '人员详情（脱敏） Person (masked)', params: z.object({ id: z.string().uuid() }) } }, async (request) =>
    app.registry.get(actorOf(request), request.params.id));
  api.post('/persons/:id/reveal', { schema: { tags: ['registry'], summary: '查看完整身份信息（留痕） Reveal ID and phone (audited)', params: z.object({ id: z.string().uuid() }), body: z.object({ reason: z.string().min(2).max(200) }) } }, async (request) =>
    app.registry.reveal(actorOf(request), request.params.id, request.body.reason));
  api.post('/persons', { schema: { tags: ['registry'], summary: '登记人员 Register a person', body: PersonBody } }, async (request, reply) =>
    reply.status(201).send(await app.registry.create(actorOf(request), request.body)));
}
