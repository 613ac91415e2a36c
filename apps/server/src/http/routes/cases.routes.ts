import { ActRequest, OpenCaseRequest, CalendarDate } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../compose.ts';
import { requirePermission, requireScope } from '../../core/auth/actor.ts';
import { listActiveMembers } from '../../core/auth/directory.repository.ts';
import { listNotificationsOf } from '../../core/cases/case-lists.repository.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { getCaseWithHistory, workList } from '../../core/cases/case.queries.ts';
import { exportWorkList } from '../../core/cases/case-export.ts';
import { AppError } from '../../core/errors.ts';
import { ENGINE_ACTION_FORMS } from '../../core/cases/case-type.ts';
import { shanghaiDateOf } from '../../core/time.ts';
import { caseAttachment, caseDocument, recordUpload } from '../../core/documents/file-access.ts';
import { sendDocumentPdf } from '../document-reply.ts';
import { actorOf, idempotencyKey } from '../auth-hook.ts';

const ListQuery = z.object({
  list: z.enum(['mine', 'department', 'dueSoon', 'overdue', 'all']).default('department'),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  type: z.string().max(60).optional(),
  status: z.string().max(60).optional(),
  division: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  openedFrom: CalendarDate.optional(),
  openedTo: CalendarDate.optional(),
  sort: z.enum(['due', 'opened']).default('due'),
});
const Id = z.object({ id: z.string().uuid() });

export async function caseRoutes(server: FastifyInstance, app: App) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const typeOf = (code: string) => app.cases.type(code);

  api.get('/case-types', { schema: { tags: ['cases'], summary: '办件类型 Case types' } }, async () =>
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

  api.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '工作清单 Work list (due first, keyset paging), with working days left',
        querystring: ListQuery,
      },
    },
    async (request) => {
      const page = await workList(app.db, actorOf(request), request.query.list, request.query);
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
    },
  );

  api.get(
    '/departments/:id/members',
    { schema: { tags: ['cases'], summary: "部门人员 Members of one's own department (to assign a case)", params: Id } },
    async (request) => {
      const actor = actorOf(request);
      requirePermission(actor, 'case.act');
      if (request.params.id !== actor.departmentId)
        throw new AppError(404, 'not_found', '只能查看本部门人员', "Only your own department's members are listed");
      return listActiveMembers(app.db, actor.departmentId);
    },
  );

  api.get(
    '/cases/export',
    {
      schema: {
        tags: ['cases'],
        summary: '导出工作清单 Export a work list',
        querystring: ListQuery.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      requirePermission(actor, 'case.export');
      const { list, format, cursor: _cursor, limit: _limit, ...filter } = request.query;
      const file = await exportWorkList(app.db, actor, list, format, typeOf, filter);
      await app.db.transaction().execute((tx) =>
        recordAudit(tx, {
          action: 'case.export',
          actorId: actor.id,
          actorName: actor.username,
          ip: request.ip,
          details: { list, format, filter, rows: file.rows },
        }),
      );
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  );

  api.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '开件 Open a case',
        body: OpenCaseRequest,
        headers: z.object({ 'idempotency-key': z.string().optional() }).loose(),
      },
    },
    async (request, reply) => {
      const result = await app.cases.open(actorOf(request), request.body, idempotencyKey(request.headers));
      return reply.status(201).send(result);
    },
  );

  api.get(
    '/cases/:id',
    { schema: { tags: ['cases'], summary: '办件详情与历史 Case with its history', params: Id } },
    async (request) => getCaseWithHistory(app.db, actorOf(request), request.params.id, typeOf),
  );

  api.post(
    '/cases/:id/actions/:action',
    {
      schema: {
        tags: ['cases'],
        summary: '办理 Take an action (409 on a stale version or a refused action)',
        params: Id.extend({ action: z.string().regex(/^[a-zA-Z]+$/) }),
        body: ActRequest,
        headers: z.object({ 'idempotency-key': z.string().optional() }).loose(),
      },
    },
    async (request) =>
      app.cases.act(
        actorOf(request),
        request.params.id,
        request.params.action,
        request.body,
        idempotencyKey(request.headers),
      ),
  );

  api.get(
    '/documents/:id/pdf',
    { schema: { tags: ['documents'], summary: '文书 PDF', params: Id } },
    async (request, reply) =>
      // the document is as visible as its case: both in one query with the reader's reach
      sendDocumentPdf(
        reply,
        app.documents,
        await caseDocument(app.db, requireScope(actorOf(request), 'case.read'), request.params.id),
      ),
  );

  api.get(
    '/cases/:id/attachments/:hash',
    {
      schema: {
        tags: ['cases'],
        summary: '办件附件 An attachment of a case (home-visit photos, scans)',
        params: Id.extend({ hash: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (request, reply) => {
      // an attachment is as visible as the case it was attached to, and only through that case: one query with the reader's reach
      const meta = await caseAttachment(
        app.db,
        requireScope(actorOf(request), 'case.read'),
        request.params.id,
        request.params.hash,
      );
      return reply
        .header('content-type', meta.mime)
        .header('content-disposition', 'inline')
        .send(await app.files.get(request.params.hash));
    },
  );

  api.get(
    '/public/documents/verify/:code',
    {
      schema: {
        tags: ['public'],
        summary: '文书核验 Verify a printed document',
        params: z.object({ code: z.string().regex(/^[0-9A-Za-z-]{12,16}$/) }),
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request) => app.documents.verify(request.params.code),
  );

  api.post(
    '/attachments',
    {
      schema: {
        tags: ['documents'],
        summary: '上传附件 Upload an attachment (multipart, ≤ 20 MB; PDF, PNG, JPEG, XLSX)',
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const file = await request.file();
      if (!file) throw new AppError(400, 'file_missing', '请选择要上传的文件', 'No file in the request', 'file');
      const bytes = await file.toBuffer();
      const stored = await app.files.put(app.db, bytes);
      // only the uploader may attach it to a record: its hash alone opens nothing
      await recordUpload(app.db, stored.hash, { userId: actor.id });
      return reply.status(201).send({ ...stored, name: file.filename });
    },
  );

  api.get('/notifications', { schema: { tags: ['cases'], summary: '我的消息 My notifications' } }, async (request) =>
    listNotificationsOf(app.db, actorOf(request).id),
  );
}
