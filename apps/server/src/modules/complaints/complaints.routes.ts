import type { FastifyInstance } from 'fastify';
import { CalendarDate } from '@grassroots/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { requirePermission } from '../../core/auth/actor.ts';
import { AppError, badInput } from '../../core/errors.ts';
import { RESIDENT_COOKIE } from '../portal/index.ts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { recordUpload } from '../../core/documents/file-access.ts';
import { sendDocumentPdf } from '../../http/document-reply.ts';
import { ComplaintsService, PHOTO_MIMES } from './complaints.service.ts';
import { CategoriesService } from './complaint-categories.service.ts';
import { CoordinationService } from './coordination.service.ts';
import { MatterService } from './matter.service.ts';
import { ResidentMattersService } from './resident-matters.service.ts';

const tags = ['complaints'];
const idParams = z.object({ id: z.string().uuid() });
const isoDate = CalendarDate;
const period = z.object({ from: isoDate, to: isoDate, by: z.enum(['department', 'category']).default('department') });

export async function complaintRoutes(server: FastifyInstance, app: ModuleContext<'portal'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const complaints = new ComplaintsService(app.db, app.cases, app.cipher, app.caseTypes);
  const categories = new CategoriesService(app.db);
  const coordination = new CoordinationService(app.db);
  const residentMatters = new ResidentMattersService(app.db, app.cases, app.caseTypes);
  const matters = new MatterService(app.db, app.cipher);

  api.get(
    '/public/complaints/categories',
    {
      schema: { tags: ['public'], summary: '诉求分类 The category tree' },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async () => categories.categories(),
  );
  api.get(
    '/public/complaints/figures',
    {
      schema: {
        tags: ['public'],
        summary:
          '事事有回音 Published figures: received, settled, on time, satisfied, repeated — by department or category',
        querystring: period,
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request) => coordination.figures(request.query),
  );

  // residents, signed in on the portal with their mobile
  const residentOf = (request: { cookies: Record<string, string | undefined> }) =>
    app.portal.residents.requireSession(request.cookies[RESIDENT_COOKIE]);
  api.post(
    '/public/complaints',
    {
      schema: {
        tags: ['public'],
        summary: '网上投诉 File a complaint (signed-in resident; the phone must be the one signed in with)',
        body: z.object({
          categoryCode: z.string().max(60),
          divisionCode: z.string().max(12),
          address: z.string().max(200).optional(),
          description: z.string().max(4000),
          name: z.string().max(40).optional(),
          phone: z.string().max(20),
          lat: z.number().optional(),
          lng: z.number().optional(),
          photos: z.array(z.string()).max(9).default([]),
        }),
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const session = await residentOf(request);
      if (!app.cipher.matchesBlindIndex(request.body.phone.trim(), session.phone_bidx))
        throw badInput('phone', '请填写您登录时使用的手机号', 'Give the mobile you signed in with');
      const b = request.body;
      const filed = await complaints.registerPublic(
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
      return reply.status(201).send(filed);
    },
  );
  api.post(
    '/public/complaints/photos',
    {
      schema: {
        tags: ['public'],
        summary: '上传照片 A signed-in resident uploads a photo (PNG or JPEG, ≤ 20 MB) to attach to her complaint',
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const session = await residentOf(request);
      const file = await request.file();
      if (!file) throw new AppError(400, 'file_missing', '请选择要上传的照片', 'No photo in the request', 'file');
      const stored = await app.files.put(app.db, await file.toBuffer(), PHOTO_MIMES);
      // hers to attach, nobody else's (the same photo uploaded by another resident is theirs too)
      await recordUpload(app.db, stored.hash, { residentPhoneBidx: session.phone_bidx });
      return reply.status(201).send(stored);
    },
  );
  api.get(
    '/public/complaints/:number/photos/:hash',
    {
      schema: {
        tags: ['public'],
        summary: '我的照片 A photo the resident attached to her own matter',
        params: z.object({ number: z.string().max(40), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (request, reply) => {
      const { mime } = await residentMatters.photo(
        request.params.number,
        request.params.hash,
        (await residentOf(request)).phone_bidx,
      );
      return reply
        .header('content-type', mime)
        .header('content-disposition', 'inline')
        .send(await app.files.get(request.params.hash));
    },
  );
  api.get(
    '/public/complaints/:number/documents/:documentId',
    {
      schema: {
        tags: ['public'],
        summary: "我的文书 A written notice of the resident's own matter, as a PDF",
        params: z.object({ number: z.string().max(40), documentId: z.string().uuid() }),
      },
    },
    async (request, reply) => {
      const doc = await residentMatters.document(
        request.params.number,
        request.params.documentId,
        (await residentOf(request)).phone_bidx,
      );
      return sendDocumentPdf(reply, app.documents, doc);
    },
  );
  api.get(
    '/public/complaints/mine',
    { schema: { tags: ['public'], summary: "我的诉求 The signed-in resident's matters, with replies" } },
    async (request) => residentMatters.mine((await residentOf(request)).phone_bidx),
  );
  api.post(
    '/public/complaints/:number/callback',
    {
      schema: {
        tags: ['public'],
        summary: '回访评价 The complainant answers the callback herself',
        params: z.object({ number: z.string().max(40) }),
        body: z.object({
          satisfaction: z.enum(['satisfied', 'basicallySatisfied', 'dissatisfied']),
          comment: z.string().max(1000).default(''),
        }),
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) =>
      residentMatters.answerCallback(
        request.params.number,
        (await residentOf(request)).phone_bidx,
        request.body.satisfaction,
        request.body.comment,
      ),
  );

  api.post(
    '/complaints',
    {
      schema: {
        tags,
        summary: '登记诉求 Register a matter from any channel (a work order, or a petition); duplicates suggested',
        body: z.unknown(),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await complaints.register(actorOf(request), request.body, idempotencyKey(request.headers))),
  );
  api.get(
    '/complaints/by-case/:id',
    {
      schema: {
        tags,
        summary: '诉求详情 The matter behind a work order or petition: what, where, who (phone masked), about whom',
        params: idParams,
      },
    },
    async (request) => matters.ofCase(actorOf(request), request.params.id),
  );
  api.post(
    '/complaints/by-case/:id/reveal-phone',
    {
      schema: {
        tags,
        summary: "查看诉求人电话（留痕） Reveal the complainant's phone, with a reason (audited)",
        params: idParams,
        body: z.object({ reason: z.string().max(200) }),
      },
    },
    async (request) => matters.revealPhone(actorOf(request), request.params.id, request.body.reason),
  );
  api.get(
    '/complaints/board',
    { schema: { tags, summary: '协调看板 Open work orders by lead department, and the supervision list' } },
    async (request) => coordination.board(actorOf(request)),
  );
  api.post(
    '/complaints/duplicates',
    {
      schema: {
        tags,
        summary: '重复诉求提示 Open matters of the same complainant, place or party',
        body: z.object({
          phone: z.string().max(20).optional(),
          divisionCode: z.string().max(12).optional(),
          address: z.string().max(200).optional(),
          partyIds: z.array(z.string().uuid()).max(20).optional(),
        }),
      },
    },
    async (request) => {
      return complaints.duplicates(actorOf(request), request.body);
    },
  );
  api.get(
    '/complaints/route',
    {
      schema: {
        tags,
        summary: '派单建议 The usual lead and assisting departments of a category',
        querystring: z.object({ category: z.string().max(60) }),
      },
    },
    async (request) => {
      requirePermission(actorOf(request), 'complaint.manage');
      return (
        (await categories.suggestRoute(request.query.category)) ?? {
          leadDepartmentId: null,
          assistingDepartmentIds: [],
        }
      );
    },
  );
  api.put(
    '/complaints/routes/:category',
    {
      schema: {
        tags,
        summary: "派单规则 Set a category's usual lead and assisting departments",
        params: z.object({ category: z.string().max(60) }),
        body: z.object({
          leadDepartmentId: z.string().uuid(),
          assistingDepartmentIds: z.array(z.string().uuid()).max(20).default([]),
        }),
      },
    },
    async (request) => categories.setRoute(actorOf(request), request.params.category, request.body),
  );
  // Open311 publishes a category's matters (summary, village, coarse position) only once an administrator marks it public
  api.put(
    '/complaints/categories/:category/publication',
    {
      schema: {
        tags,
        summary: '公开类别 Mark a category public on Open311, or internal (audited)',
        params: z.object({ category: z.string().max(60) }),
        body: z.object({ public: z.boolean() }),
      },
    },
    async (request) => categories.setPublication(actorOf(request), request.params.category, request.body),
  );
  // the body of any case action (the console's action form posts here for these two)
  api.post(
    '/complaints/:id/dispatch',
    {
      schema: {
        tags,
        summary: '派单 Dispatch to a lead department (and assisting ones), one command',
        params: idParams,
        body: z.object({
          expectedVersion: z.number().int().min(1),
          fields: z.object({
            leadDepartmentId: z.string().uuid(),
            assistingDepartmentIds: z.array(z.string().uuid()).max(20).optional(),
          }),
          opinion: z.string().max(2000).optional(),
          attachments: z.array(z.string()).max(0).default([]),
        }),
      },
    },
    async (request) =>
      complaints.dispatch(
        actorOf(request),
        request.params.id,
        { expectedVersion: request.body.expectedVersion, ...request.body.fields, opinion: request.body.opinion },
        idempotencyKey(request.headers),
      ),
  );
  api.post(
    '/complaints/:id/send-back',
    {
      schema: {
        tags,
        summary: '退单 Send a wrongly dispatched order back with the reason (within the configured days)',
        params: idParams,
        body: z.object({
          expectedVersion: z.number().int().min(1),
          opinion: z.string().max(2000),
          fields: z.object({}).default({}),
          attachments: z.array(z.string()).max(0).default([]),
        }),
      },
    },
    async (request) =>
      complaints.sendBack(
        actorOf(request),
        request.params.id,
        { expectedVersion: request.body.expectedVersion, reason: request.body.opinion },
        idempotencyKey(request.headers),
      ),
  );
}
