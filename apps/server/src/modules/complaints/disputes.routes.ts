import { disputes as disputeEndpoints, meetings as meetingEndpoints } from '@grassroots/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ModuleContext } from '../../core/module.ts';
import { today } from '../../core/time.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import type { DisputesService } from './disputes.service.ts';
import type { MeetingsService } from './meetings.service.ts';

const permission = 'dispute.manage';

export async function disputeRoutes(
  server: FastifyInstance,
  app: ModuleContext<'portal'>,
  { disputes, meetings }: { disputes: DisputesService; meetings: MeetingsService },
) {
  /** A numbered document's PDF, opened in the browser and saved under its number; the service found it in reach. */
  const pdfOf = async (reply: FastifyReply, doc: { id: string; number: string }) => {
    reply.header('content-disposition', `inline; filename="${doc.number}.pdf"`);
    return app.documents.pdf(doc.id);
  };

  route(server, disputeEndpoints.record, async (request) => disputes.record(actorOf(request), request.body), {
    permission,
  });
  route(server, disputeEndpoints.list, async (request) => disputes.list(actorOf(request), request.query.status), {
    permission,
  });
  route(
    server,
    disputeEndpoints.similar,
    async (request) =>
      disputes.similar(actorOf(request), {
        divisionCode: request.query.divisionCode,
        categoryCode: request.query.categoryCode,
        partyNames: request.query.party,
      }),
    { permission },
  );
  route(
    server,
    disputeEndpoints.followUps,
    async (request) => disputes.followUps(actorOf(request), request.query.withinDays),
    { permission },
  );
  route(server, disputeEndpoints.history, async (request) => disputes.history(actorOf(request), request.params.id), {
    permission,
  });
  route(
    server,
    disputeEndpoints.addAttempt,
    async (request) => disputes.addAttempt(actorOf(request), request.params.id, request.body),
    { permission },
  );
  route(
    server,
    disputeEndpoints.agreementPdf,
    async (request, reply) => pdfOf(reply, await disputes.agreementDocument(actorOf(request), request.params.id)),
    { permission },
  );
  route(
    server,
    disputeEndpoints.followUp,
    async (request) => disputes.followUp(actorOf(request), request.params.id, request.body),
    { permission },
  );

  route(
    server,
    meetingEndpoints.agenda,
    async (request) => meetings.agenda(actorOf(request), request.query.divisionCode),
    { permission },
  );
  route(server, meetingEndpoints.record, async (request) => meetings.record(actorOf(request), request.body), {
    permission,
  });
  route(server, meetingEndpoints.list, async (request) => meetings.list(actorOf(request)), { permission });
  route(
    server,
    meetingEndpoints.minutesPdf,
    async (request, reply) => pdfOf(reply, await meetings.minutesDocument(actorOf(request), request.params.id)),
    { permission },
  );
  route(
    server,
    meetingEndpoints.done,
    async (request) => meetings.done(actorOf(request), request.params.id, request.body.note),
    { permission },
  );
  route(server, meetingEndpoints.owed, async (request) => meetings.owed(actorOf(request), today(app.clock)), {
    permission,
  });
}
