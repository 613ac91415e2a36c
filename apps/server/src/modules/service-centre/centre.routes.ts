import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { CatalogueService } from '../catalogue/index.ts';
import { AppointmentsService } from './appointments.service.ts';
import { isoDate } from './centre.rules.ts';
import { IntakeService } from './intake.service.ts';
import { QueueService } from './queue.service.ts';

const tags = ['service centre'];
const idParams = z.object({ id: z.string().uuid() });
const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

export function centreServices(app: ModuleContext<'registry'>) {
  const queue = new QueueService(app.db, app.clock);
  return {
    appointments: new AppointmentsService(app.db, app.cipher, app.calendar, app.clock, app.boss),
    queue,
    intake: new IntakeService(
      app.db,
      app.cases,
      app.documents,
      app.registry,
      new CatalogueService(app.db, app.clock),
      app.calendar,
      queue,
      app.clock,
    ),
  };
}

export async function centreRoutes(
  server: FastifyInstance,
  app: ModuleContext<'registry'>,
  { appointments, queue, intake }: ReturnType<typeof centreServices>,
) {
  const api = server.withTypeProvider<ZodTypeProvider>();

  // ── the centre's set-up
  api.post(
    '/centre/windows',
    {
      schema: {
        tags,
        summary: '新增窗口 Add a window to a centre',
        body: z.object({
          departmentId: z.string().uuid(),
          code: z.string().trim().min(1).max(10),
          name: z.string().trim().min(1).max(60),
          itemCodes: z.array(z.string().max(40)).max(500).default([]),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await appointments.addWindow(actorOf(request), request.body)),
  );
  api.post(
    '/centre/peak-days',
    {
      schema: {
        tags,
        summary: '高峰日预案 Extra capacity on a busy day',
        body: z.object({
          departmentId: z.string().uuid(),
          day: isoDate,
          extraCapacity: z.number().int().min(1).max(500),
          reason: z.string().trim().min(1).max(200),
        }),
      },
    },
    async (request) => appointments.setPeakDay(actorOf(request), request.body),
  );
  api.post(
    '/centre/slots/generate',
    {
      schema: {
        tags,
        summary: '放号 Make slots on the working days of a range (holidays skipped, peak days enlarged)',
        body: z.unknown(),
      },
    },
    async (request) => appointments.generateSlots(actorOf(request), request.body),
  );

  // ── the day at the window
  api.get(
    '/centre/appointments',
    {
      schema: {
        tags,
        summary: "预约名单 A centre's bookings and home visits of a day (phones masked)",
        querystring: z.object({ departmentId: z.string().uuid(), day: isoDate }),
      },
    },
    async (request) => appointments.list(actorOf(request), request.query.departmentId, request.query.day),
  );
  api.post(
    '/centre/appointments/:id/home-visit',
    {
      schema: {
        tags,
        summary: '上门服务 Send someone, or record the visit done',
        params: idParams,
        body: z.object({ staffId: z.string().uuid().optional(), done: z.boolean().optional() }),
      },
    },
    async (request) => appointments.homeVisit(actorOf(request), request.params.id, request.body),
  );
  api.post(
    '/centre/windows/:id/call-next',
    { schema: { tags, summary: '叫号 Call the next number at this window', params: idParams } },
    async (request) => queue.callNext(actorOf(request), request.params.id),
  );
  api.get(
    '/centre/windows/:id/current',
    { schema: { tags, summary: '窗口当前号码 What this window is serving', params: idParams } },
    async (request) => queue.atWindow(actorOf(request), request.params.id),
  );
  api.post(
    '/centre/tickets/:id/transfer',
    {
      schema: {
        tags,
        summary: '转窗口 Send the number to another window',
        params: idParams,
        body: z.object({ toWindowId: z.string().uuid() }),
      },
    },
    async (request) => queue.transfer(actorOf(request), request.params.id, request.body.toWindowId),
  );
  api.post(
    '/centre/tickets/:id/no-show',
    { schema: { tags, summary: '过号 Not there when called', params: idParams } },
    async (request) => queue.noShow(actorOf(request), request.params.id),
  );
  api.post(
    '/centre/tickets/:id/done',
    {
      schema: {
        tags,
        summary: '办结号码 Served',
        params: idParams,
        body: z.object({ caseId: z.string().uuid().optional() }).default({}),
      },
    },
    async (request) => queue.finish(actorOf(request), request.params.id, request.body.caseId),
  );
  api.get(
    '/centre/queue/stats',
    {
      schema: {
        tags,
        summary: '等候时间 Waiting times and numbers of a day',
        querystring: z.object({ departmentId: z.string().uuid(), day: isoDate.optional() }),
      },
    },
    async (request) => queue.staffStats(actorOf(request), request.query.departmentId, request.query.day),
  );
  api.post(
    '/centre/intake',
    {
      schema: {
        tags,
        summary:
          '一窗受理 Accept (receipt and promised date), accept with 容缺, serve at once, refuse with a one-time notice, take as agency or refer',
        body: z.unknown(),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await intake.intake(actorOf(request), request.body, idempotencyKey(request.headers))),
  );

  // ── residents: kiosk, portal, hall screen (政务公开, no sign-in)
  api.get(
    '/public/centres',
    { schema: { tags: ['public'], summary: '服务中心 Centres taking numbers and bookings' }, config: limited(120) },
    async () => appointments.centres(),
  );
  api.get(
    '/public/centres/:id/windows',
    { schema: { tags: ['public'], summary: "窗口 A centre's windows", params: idParams }, config: limited(120) },
    async (request) => appointments.windows(request.params.id),
  );
  api.get(
    '/public/centres/:id/slots',
    {
      schema: {
        tags: ['public'],
        summary: '可预约时段 Open slots for an item',
        params: idParams,
        querystring: z.object({ itemCode: z.string().max(40), from: isoDate.optional(), to: isoDate.optional() }),
      },
      config: limited(120),
    },
    async (request) =>
      appointments.openSlots(request.params.id, request.query.itemCode, request.query.from, request.query.to),
  );
  api.post(
    '/public/appointments',
    {
      schema: {
        tags: ['public'],
        summary: '预约 Book a slot (an SMS confirms it); the same phone and slot again returns the same booking',
        body: z.object({
          slotId: z.string().uuid(),
          itemCode: z.string().max(40),
          name: z.string().max(40),
          phone: z.string().max(20),
        }),
      },
      config: limited(600),
    },
    async (request, reply) => {
      const booking = await appointments.book(request.body);
      return reply.status(booking.repeated ? 200 : 201).send(booking);
    },
  );
  api.post(
    '/public/appointments/cancel',
    {
      schema: {
        tags: ['public'],
        summary: '取消预约 Cancel with the reference and the phone that booked',
        body: z.object({ reference: z.string().max(20), phone: z.string().max(20) }),
      },
      config: limited(30),
    },
    async (request) => appointments.cancel(request.body.reference, request.body.phone),
  );
  api.post(
    '/public/home-visits',
    {
      schema: {
        tags: ['public'],
        summary: '上门服务申请 Ask for a home visit',
        body: z.object({
          departmentId: z.string().uuid(),
          itemCode: z.string().max(40),
          name: z.string().trim().min(1).max(40),
          phone: z.string().max(20),
          address: z.string().trim().min(2).max(200),
          reason: z.string().trim().min(2).max(500),
          day: isoDate,
        }),
      },
      config: limited(10),
    },
    async (request, reply) => reply.status(201).send(await appointments.requestHomeVisit(request.body)),
  );
  api.post(
    '/public/centres/:id/tickets',
    {
      schema: {
        tags: ['public'],
        summary: '取号 Take a number (kiosk or portal), or with a booking reference',
        params: idParams,
        body: z.object({
          itemCode: z.string().max(40).optional(),
          appointmentReference: z.string().max(20).optional(),
          channel: z.enum(['kiosk', 'portal']).default('kiosk'),
        }),
      },
      config: limited(120),
    },
    async (request, reply) =>
      reply.status(201).send(await queue.take({ departmentId: request.params.id, ...request.body })),
  );
  api.get(
    '/public/centres/:id/board',
    {
      schema: {
        tags: ['public'],
        summary: '叫号屏 The hall screen: numbers called, waiting, median wait',
        params: idParams,
      },
      config: limited(600),
    },
    async (request) => queue.board(request.params.id),
  );
}
