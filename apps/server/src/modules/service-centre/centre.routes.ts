import type { FastifyInstance } from 'fastify';
import { centre as endpoints, centrePublic as publicEndpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { CatalogueService } from '../catalogue/index.ts';
import { AppointmentsService } from './appointments.service.ts';
import { IntakeService } from './intake.service.ts';
import { QueueService } from './queue.service.ts';

const limited = (max: number) => ({ config: { rateLimit: { max, timeWindow: '1 minute' } } });

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
  _app: ModuleContext<'registry'>,
  { appointments, queue, intake }: ReturnType<typeof centreServices>,
) {
  const manage = { permission: 'centre.manage' } as const;
  const serve = { permission: 'centre.serve' } as const;

  // ── the centre's set-up
  route(server, endpoints.addWindow, async (request) => appointments.addWindow(actorOf(request), request.body), manage);
  route(server, endpoints.peakDay, async (request) => appointments.setPeakDay(actorOf(request), request.body), manage);
  route(
    server,
    endpoints.generateSlots,
    async (request) => appointments.generateSlots(actorOf(request), request.body),
    manage,
  );

  // ── the day at the window
  route(
    server,
    endpoints.appointments,
    async (request) => appointments.list(actorOf(request), request.query.departmentId, request.query.day),
    serve,
  );
  route(
    server,
    endpoints.homeVisit,
    async (request) => appointments.homeVisit(actorOf(request), request.params.id, request.body),
    serve,
  );
  route(server, endpoints.callNext, async (request) => queue.callNext(actorOf(request), request.params.id), serve);
  route(server, endpoints.current, async (request) => queue.atWindow(actorOf(request), request.params.id), serve);
  route(
    server,
    endpoints.transfer,
    async (request) => queue.transfer(actorOf(request), request.params.id, request.body.toWindowId),
    serve,
  );
  route(server, endpoints.noShow, async (request) => queue.noShow(actorOf(request), request.params.id), serve);
  route(
    server,
    endpoints.done,
    async (request) => queue.finish(actorOf(request), request.params.id, request.body.caseId),
    serve,
  );
  route(
    server,
    endpoints.stats,
    async (request) => queue.staffStats(actorOf(request), request.query.departmentId, request.query.day),
    serve,
  );
  route(
    server,
    endpoints.intake,
    async (request) => intake.intake(actorOf(request), request.body, idempotencyKey(request.headers)),
    serve,
  );

  // ── residents: kiosk, portal, hall screen (政务公开, no sign-in)
  route(server, publicEndpoints.centres, async () => appointments.centres(), limited(120));
  route(server, publicEndpoints.windows, async (request) => appointments.windows(request.params.id), limited(120));
  route(
    server,
    publicEndpoints.slots,
    async (request) => appointments.openSlots(request.params.id, request.query),
    limited(120),
  );
  route(
    server,
    publicEndpoints.book,
    async (request, reply) => {
      const booking = await appointments.book(request.body);
      // the same phone and slot again: the booking that stands, 200 (the contract's 201 is for a new one)
      if (booking.repeated) reply.status(200);
      return booking;
    },
    limited(600),
  );
  route(
    server,
    publicEndpoints.cancel,
    async (request) => appointments.cancel(request.body.reference, request.body.phone),
    limited(30),
  );
  route(server, publicEndpoints.homeVisit, async (request) => appointments.requestHomeVisit(request.body), limited(10));
  route(
    server,
    publicEndpoints.takeTicket,
    async (request) => queue.take({ departmentId: request.params.id, ...request.body }),
    limited(120),
  );
  route(server, publicEndpoints.board, async (request) => queue.board(request.params.id), limited(600));
}
