import { DisputesService } from './disputes.service.ts';
import { MeetingsService } from './meetings.service.ts';
import type { FastifyInstance } from 'fastify';
import { complaints as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { AppError, badInput } from '../../core/errors.ts';
import { recordUpload } from '../../core/documents/file-access.ts';
import { RESIDENT_COOKIE } from '../portal/index.ts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { ComplaintsService, PHOTO_MIMES } from './complaints.service.ts';
import { CategoriesService } from './complaint-categories.service.ts';
import { CoordinationService } from './coordination.service.ts';
import { MatterService } from './matter.service.ts';
import { Open311Service } from './open311.service.ts';
import { ResidentMattersService } from './resident-matters.service.ts';

const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

/** The module's services, built once in its manifest and handed to its routes. */
export function complaintServices(app: ModuleContext<'portal'>) {
  const complaints = new ComplaintsService(app.db, app.cases, app.cipher, app.caseTypes);
  return {
    complaints,
    categories: new CategoriesService(app.db),
    coordination: new CoordinationService(app.db),
    residentMatters: new ResidentMattersService(app.db, app.cases, app.caseTypes),
    matters: new MatterService(app.db, app.cipher),
    open311: new Open311Service(app.db, complaints, app.cases, app.clock),
    disputes: new DisputesService(
      app.db,
      app.documents,
      app.clock,
      () => app.config.GRASSROOTS_DISPUTE_ATTEMPTS_BEFORE_FLAG,
    ),
    meetings: new MeetingsService(app.db, app.documents, app.clock),
  };
}
export type ComplaintServices = ReturnType<typeof complaintServices>;

export async function complaintRoutes(
  server: FastifyInstance,
  app: ModuleContext<'portal'>,
  { complaints, categories, coordination, residentMatters, matters }: ComplaintServices,
) {
  route(server, endpoints.categories, async () => categories.categories(), { config: perMinute(60) });
  route(server, endpoints.figures, async (request) => coordination.figures(request.query), {
    config: perMinute(60),
  });

  // residents, signed in on the portal with their mobile
  const residentOf = (request: { cookies: Record<string, string | undefined> }) =>
    app.portal.residents.requireSession(request.cookies[RESIDENT_COOKIE]);
  route(
    server,
    endpoints.file,
    async (request) => {
      const session = await residentOf(request);
      if (!app.cipher.matchesBlindIndex(request.body.phone.trim(), session.phone_bidx))
        throw badInput('phone', '请填写您登录时使用的手机号', 'Give the mobile you signed in with');
      const b = request.body;
      return complaints.registerPublic(
        {
          channel: 'portal',
          categoryCode: b.categoryCode,
          divisionCode: b.divisionCode,
          ...(b.address ? { address: b.address } : {}),
          ...(b.lat !== undefined ? { lat: b.lat } : {}),
          ...(b.lng !== undefined ? { lng: b.lng } : {}),
          description: b.description,
          complainant: { ...(b.name ? { name: b.name } : {}), phone: b.phone },
          attachments: b.photos,
        },
        await app.calendar.get(),
        app.clock(),
        { residentPhoneBidx: session.phone_bidx },
      );
    },
    { config: perMinute(10) },
  );
  // multipart: the photo is read from the stream, not validated as a body
  route(
    server,
    endpoints.uploadPhoto,
    async (request) => {
      const session = await residentOf(request);
      const file = await request.file();
      if (!file) throw new AppError(400, 'file_missing', '请选择要上传的照片', 'No photo in the request', 'file');
      const stored = await app.files.put(app.db, await file.toBuffer(), PHOTO_MIMES);
      // hers to attach, nobody else's (the same photo uploaded by another resident is theirs too)
      await recordUpload(app.db, stored.hash, { residentPhoneBidx: session.phone_bidx });
      return stored;
    },
    { config: perMinute(20) },
  );
  route(server, endpoints.photo, async (request, reply) => {
    const { mime } = await residentMatters.photo(
      request.params.number,
      request.params.hash,
      (await residentOf(request)).phone_bidx,
    );
    reply.header('content-type', mime).header('content-disposition', 'inline');
    return app.files.get(request.params.hash);
  });
  route(server, endpoints.document, async (request, reply) => {
    const doc = await residentMatters.document(
      request.params.number,
      request.params.documentId,
      (await residentOf(request)).phone_bidx,
    );
    reply.header('content-disposition', `inline; filename="${doc.number}.pdf"`);
    return app.documents.pdf(doc.id);
  });
  route(server, endpoints.mine, async (request) => residentMatters.mine((await residentOf(request)).phone_bidx));
  route(
    server,
    endpoints.callback,
    async (request) =>
      residentMatters.answerCallback(
        request.params.number,
        (await residentOf(request)).phone_bidx,
        request.body.satisfaction,
        request.body.comment,
      ),
    { config: perMinute(10) },
  );

  // staff
  route(
    server,
    endpoints.register,
    async (request) => complaints.register(actorOf(request), request.body, idempotencyKey(request.headers)),
    { permission: 'complaint.manage' },
  );
  route(server, endpoints.matter, async (request) => matters.ofCase(actorOf(request), request.params.id), {
    permission: 'case.read',
  });
  // the centre (complaint.manage) or a holder of person.reveal: no one permission, the service decides
  route(server, endpoints.revealPhone, async (request) =>
    matters.revealPhone(actorOf(request), request.params.id, request.body.reason),
  );
  route(server, endpoints.board, async (request) => coordination.board(actorOf(request)), {
    permission: 'complaint.manage',
  });
  route(server, endpoints.duplicates, async (request) => complaints.duplicates(actorOf(request), request.body), {
    permission: 'complaint.manage',
  });
  route(
    server,
    endpoints.suggestRoute,
    async (request) =>
      (await categories.suggestRoute(request.query.category)) ?? { leadDepartmentId: null, assistingDepartmentIds: [] },
    { permission: 'complaint.manage' },
  );
  route(
    server,
    endpoints.setRoute,
    async (request) => categories.setRoute(actorOf(request), request.params.category, request.body),
    { permission: 'config.manage' },
  );
  // Open311 publishes a category's matters (summary, village, coarse position) only once an administrator marks it public
  route(
    server,
    endpoints.setPublication,
    async (request) => categories.setPublication(actorOf(request), request.params.category, request.body),
    { permission: 'config.manage' },
  );
  // the body of any case action (the console's action form posts here for these two)
  route(
    server,
    endpoints.dispatch,
    async (request) =>
      complaints.dispatch(
        actorOf(request),
        request.params.id,
        { expectedVersion: request.body.expectedVersion, ...request.body.fields, opinion: request.body.opinion },
        idempotencyKey(request.headers),
      ),
    { permission: 'complaint.manage' },
  );
  // any lead department's staff may send an order back: the engine checks the reach and the window
  route(server, endpoints.sendBack, async (request) =>
    complaints.sendBack(
      actorOf(request),
      request.params.id,
      { expectedVersion: request.body.expectedVersion, reason: request.body.opinion },
      idempotencyKey(request.headers),
    ),
  );
}
