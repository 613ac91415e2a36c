import { CALENDAR_DATETIME_MESSAGE, parseCalendarDateTime } from '@grassroots/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ModuleContext } from '../../core/module.ts';
import { AppError } from '../../core/errors.ts';
import type { Open311Service } from './open311.service.ts';

type Format = 'json' | 'xml';
const formatOf = (url: string): Format => (url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json');

const escapeXml = (v: string) =>
  v.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
/** GeoReport v2's XML: a root element, one child per row, one element per field (null and empty alike are empty elements). */
export function open311Xml(root: string, item: string, rows: Array<Record<string, unknown>>) {
  const fields = (r: Record<string, unknown>) =>
    Object.entries(r)
      .map(([k, v]) => (v === null || v === undefined || v === '' ? `<${k}/>` : `<${k}>${escapeXml(String(v))}</${k}>`))
      .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${rows.map((r) => `<${item}>${fields(r)}</${item}>`).join('')}</${root}>\n`;
}

/** Rows in the format the client asked for by the suffix: JSON arrays, or XML under the standard's element names. */
function send(
  reply: FastifyReply,
  format: Format,
  status: number,
  root: string,
  item: string,
  rows: Array<Record<string, unknown>>,
) {
  reply.status(status);
  return format === 'xml' ? reply.type('text/xml; charset=utf-8').send(open311Xml(root, item, rows)) : reply.send(rows);
}

/** GeoReport v2 errors are a list of {code, description}. */
function open311Error(reply: FastifyReply, format: Format, e: unknown) {
  if (e instanceof AppError)
    return send(reply, format, e.status, 'errors', 'error', [
      { code: e.status, description: `${e.messageEn}${e.field ? ` (${e.field})` : ''} / ${e.messageZh}` },
    ]);
  throw e;
}

/**
 * Open311 GeoReport v2 (JSON and XML, chosen by the .json or .xml suffix), so existing clients can file and follow reports: services are the
 * leaves of our category tree, requests our complaint work orders (open or closed). Public, like
 * the standard; a filed request enters the coordination centre's queue like any other channel.
 */
export async function open311Routes(server: FastifyInstance, app: ModuleContext<'portal'>, open311: Open311Service) {
  // GeoReport clients post form-encoded bodies
  if (!server.hasContentTypeParser('application/x-www-form-urlencoded')) {
    server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }
  const limited = { rateLimit: { max: 120, timeWindow: '1 minute' } };
  const paths = (p: string) => [`/open311/v2/${p}`, `/open311/v2/${p}.json`, `/open311/v2/${p}.xml`];

  for (const url of paths('services'))
    server.get(url, { schema: { hide: true }, config: limited }, async (request, reply) =>
      send(reply, formatOf(request.url), 200, 'services', 'service', await open311.services()),
    );

  for (const url of paths('requests')) {
    server.get(url, { schema: { hide: true }, config: limited }, async (request, reply) => {
      const q = request.query as Record<string, string | undefined>;
      // an impossible instant (2026-02-30T…, no zone) is the client's error, not the database's
      for (const field of ['start_date', 'end_date'] as const) {
        if (q[field] !== undefined && !parseCalendarDateTime(q[field]))
          return open311Error(
            reply,
            formatOf(request.url),
            new AppError(
              400,
              'invalid_date',
              `${field} ${CALENDAR_DATETIME_MESSAGE.split(' / ')[0]}`,
              `${field} ${CALENDAR_DATETIME_MESSAGE.split(' / ')[1]}`,
              field,
            ),
          );
      }
      return send(
        reply,
        formatOf(request.url),
        200,
        'service_requests',
        'request',
        await open311.requests({
          ...(q.service_request_id
            ? {
                ids: q.service_request_id
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              }
            : {}),
          ...(q.service_code ? { serviceCode: q.service_code } : {}),
          ...(q.start_date ? { start: new Date(q.start_date) } : {}),
          ...(q.end_date ? { end: new Date(q.end_date) } : {}),
          ...(q.status ? { status: q.status } : {}),
        }),
      );
    });
    server.post(
      url,
      { schema: { hide: true }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const b = (request.body ?? {}) as Record<string, unknown>;
        try {
          const filed = await open311.file(b, await app.calendar.get());
          return send(reply, formatOf(request.url), 201, 'service_requests', 'request', [
            { service_request_id: filed.number, service_notice: '已转12345政务服务便民热线中心受理', account_id: null },
          ]);
        } catch (e) {
          return open311Error(reply, formatOf(request.url), e);
        }
      },
    );
  }
  // one route serves /requests/{id}, {id}.json and {id}.xml: the suffix is taken off the id
  server.get('/open311/v2/requests/:id', { schema: { hide: true }, config: limited }, async (request, reply) => {
    const format = formatOf(request.url);
    const id = (request.params as { id: string }).id.replace(/\.(json|xml)$/, '');
    const found = await open311.requests({ ids: [id] });
    if (!found.length)
      return send(reply, format, 404, 'errors', 'error', [
        { code: 404, description: `No request ${id} / 没有这个诉求` },
      ]);
    return send(reply, format, 200, 'service_requests', 'request', found);
  });
}
