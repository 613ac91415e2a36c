import { cases as endpoints } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../compose.ts';
import { requireScope } from '../../core/auth/actor.ts';
import { listActiveMembers } from '../../core/auth/directory.repository.ts';
import { getCaseWithHistory, workList } from '../../core/cases/case.queries.ts';
import { exportWorkList } from '../../core/cases/case-export.ts';
import { AppError } from '../../core/errors.ts';
import { ENGINE_ACTION_FORMS } from '../../core/cases/case-type.ts';
import { shanghaiDateOf } from '../../core/time.ts';
import { caseAttachment, caseDocument, recordUpload } from '../../core/documents/file-access.ts';
import { actorOf, idempotencyKey } from '../auth-hook.ts';
import { route } from '../endpoint.ts';

export async function caseRoutes(server: FastifyInstance, app: App) {
  const typeOf = (code: string) => app.cases.type(code);

  route(server, endpoints.types, async () =>
    app.caseTypes.all().map((t) => ({
      code: t.code,
      name: t.name,
      nameEn: t.nameEn,
      initialState: t.initialState,
      states: t.states,
      openSubject: t.openSubject ?? null,
      openFields: t.openFields,
      actions: t.actions.map((a) => ({
        code: a.code,
        label: a.label,
        from: a.from,
        to: a.to ?? null,
        fields: a.fields,
        opinion: a.opinion,
        attachments: a.attachments,
        ...(a.via ? { via: `/api/v1${a.via}` } : {}),
      })),
      engineActions: ENGINE_ACTION_FORMS,
      clocks: t.clocks,
      panels: t.panels,
    })),
  );

  route(server, endpoints.list, async (request) => {
    const actor = actorOf(request);
    const page = await workList(await app.reads.reader(actor), actor, request.query.list, request.query);
    const calendar = await app.calendar.get();
    const today = shanghaiDateOf(app.clock());
    // negative when overdue: the console's yellow and red markers say how many working days remain
    const daysLeft = (due: string | null) => {
      if (due === null) return null;
      try {
        return due >= today ? calendar.countDays(today, due, 'working') : -calendar.countDays(due, today, 'working');
      } catch {
        return null; // a year whose holiday notice is not loaded yet: the date alone is shown
      }
    };
    return { ...page, items: page.items.map((i) => ({ ...i, workingDaysLeft: daysLeft(i.dueDate) })) };
  });

  route(
    server,
    endpoints.members,
    async (request) => {
      const actor = actorOf(request);
      if (request.params.id !== actor.departmentId)
        throw new AppError(404, 'not_found', '只能查看本部门人员', "Only your own department's members are listed");
      return listActiveMembers(app.db, actor.departmentId);
    },
    { permission: 'case.act' },
  );

  route(
    server,
    endpoints.export,
    async (request, reply) => {
      const actor = actorOf(request);
      const { list, format, cursor: _cursor, limit: _limit, ...filter } = request.query;
      const file = await exportWorkList(app.db, actor, list, format, typeOf, filter, await app.reads.reader(actor));
      // the contract names the spreadsheet; a CSV asked for says so itself
      reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`);
      return file.body;
    },
    { permission: 'case.export' },
  );

  route(server, endpoints.open, async (request) =>
    app.cases.open(actorOf(request), request.body, idempotencyKey(request.headers)),
  );

  route(server, endpoints.get, async (request) =>
    getCaseWithHistory(app.db, actorOf(request), request.params.id, typeOf),
  );

  route(server, endpoints.act, async (request) =>
    app.cases.act(
      actorOf(request),
      request.params.id,
      request.params.action,
      request.body,
      idempotencyKey(request.headers),
    ),
  );

  route(server, endpoints.documentPdf, async (request, reply) => {
    // the document is as visible as its case: both in one query with the reader's reach
    const doc = await caseDocument(app.db, requireScope(actorOf(request), 'case.read'), request.params.id);
    reply.header('content-disposition', `inline; filename="${doc.number}.pdf"`);
    return app.documents.pdf(doc.id);
  });

  route(server, endpoints.attachment, async (request, reply) => {
    // an attachment is as visible as the case it was attached to, and only through that case: one query with the reader's reach
    const meta = await caseAttachment(
      app.db,
      requireScope(actorOf(request), 'case.read'),
      request.params.id,
      request.params.hash,
    );
    reply.header('content-type', meta.mime).header('content-disposition', 'inline');
    return app.files.get(request.params.hash);
  });

  route(server, endpoints.verifyDocument, async (request) => app.documents.verify(request.params.code), {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
  });

  // multipart: the file is read from the stream, not validated as a body
  route(server, endpoints.upload, async (request) => {
    const actor = actorOf(request);
    const file = await request.file();
    if (!file) throw new AppError(400, 'file_missing', '请选择要上传的文件', 'No file in the request', 'file');
    const bytes = await file.toBuffer();
    const stored = await app.files.put(app.db, bytes);
    // only the uploader may attach it to a record: its hash alone opens nothing
    await recordUpload(app.db, stored.hash, { userId: actor.id });
    return { ...stored, name: file.filename };
  });

  route(server, endpoints.notifications, async (request) => app.notifications.listOf(actorOf(request).id));
}
