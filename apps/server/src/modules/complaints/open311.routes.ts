import { CALENDAR_DATETIME_MESSAGE, parseCalendarDateTime } from '@grassroots/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { ModuleContext } from '../../core/module.ts';
import { AppError } from '../../core/errors.ts';
import { ComplaintsService } from './complaints.service.ts';

/**
 * What Open311 publishes (issue 15): only matters whose category is marked public (roads, street
 * lights, heating …); never a word the resident typed — the description is the category's own
 * summary and the address the village or community —, and the position coarsened to a grid cell of
 * COARSE_GRID degrees (about 330 m north–south, 270 m east–west at 35°N), its centre published.
 * Everything else stays internal: not listed, and 404 by id.
 */
export const COARSE_GRID = 0.003;
/** The centre of the grid cell a point lies in, to 4 decimals: enough to see the street, not the door. */
export const coarsen = (v: number | null) =>
  v === null || !Number.isFinite(v)
    ? null
    : Math.round((Math.floor(v / COARSE_GRID) * COARSE_GRID + COARSE_GRID / 2) * 1e4) / 1e4;

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

/** the order's current deadline (signing for it, then handling it) as the end of that day in Beijing time */
const endOfShanghaiDay = (date: string) => new Date(`${date}T23:59:59+08:00`).toISOString();
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v));

/**
 * Open311 GeoReport v2 (JSON and XML, chosen by the .json or .xml suffix), so existing clients can file and follow reports: services are the
 * leaves of our category tree, requests our complaint work orders (open or closed). Public, like
 * the standard; a filed request enters the coordination centre's queue like any other channel.
 */
export async function open311Routes(server: FastifyInstance, app: ModuleContext<'portal'>) {
  const complaints = new ComplaintsService(app.db, app.cases, app.cipher, app.caseTypes);
  // GeoReport clients post form-encoded bodies
  if (!server.hasContentTypeParser('application/x-www-form-urlencoded')) {
    server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }
  const limited = { rateLimit: { max: 120, timeWindow: '1 minute' } };
  const paths = (p: string) => [`/open311/v2/${p}`, `/open311/v2/${p}.json`, `/open311/v2/${p}.xml`];

  const services = async () => {
    const rows = await app.db
      .selectFrom('complaint_categories as c')
      .leftJoin('complaint_categories as p', 'p.code', 'c.parent_code')
      .select(['c.code', 'c.name', 'c.description', 'p.name as group'])
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('complaint_categories as k').select('k.code').whereRef('k.parent_code', '=', 'c.code'),
          ),
        ),
      )
      .where('c.public', '=', true)
      .orderBy('c.code')
      .execute();
    return rows.map((r) => ({
      service_code: r.code,
      service_name: r.name,
      description: r.description,
      metadata: false,
      type: 'realtime',
      keywords: '',
      group: r.group ?? r.name,
    }));
  };
  for (const url of paths('services'))
    server.get(url, { schema: { hide: true }, config: limited }, async (request, reply) =>
      send(reply, formatOf(request.url), 200, 'services', 'service', await services()),
    );

  const requests = async (q: { ids?: string[]; serviceCode?: string; start?: Date; end?: Date; status?: string }) => {
    const rows = await app.db
      .selectFrom('complaints as k')
      .innerJoin('cases as c', 'c.id', 'k.case_id')
      .innerJoin('complaint_categories as cat', 'cat.code', 'k.category_code')
      .innerJoin('departments as d', 'd.id', 'c.owning_department_id')
      .innerJoin('divisions as v', 'v.code', 'k.division_code')
      .leftJoin('divisions as t', 't.code', 'v.parent_code')
      .select([
        'c.number',
        'c.is_open',
        'c.status',
        'c.due_date',
        'k.category_code',
        'cat.name as category',
        'cat.description as summary',
        'd.name as agency',
        'k.received_at',
        'v.name as place',
        'v.level',
        't.name as township',
        'k.lat',
        'k.lng',
        sql<Date>`(SELECT max(x.at) FROM case_actions x WHERE x.case_id = c.id)`.as('updated'),
        sql<
          string | null
        >`(SELECT x.inputs->'fields'->>'result' FROM case_actions x WHERE x.case_id = c.id AND x.action = 'reply' ORDER BY x.seq DESC LIMIT 1)`.as(
          'result',
        ),
      ])
      .where('k.kind', '=', 'complaint')
      .where('cat.public', '=', true)
      .$if(!!q.ids, (b) => b.where('c.number', 'in', q.ids!))
      .$if(!!q.serviceCode, (b) => b.where('k.category_code', '=', q.serviceCode!))
      .$if(!q.ids, (b) =>
        b
          .where('k.received_at', '>=', q.start ?? new Date(app.clock().getTime() - 90 * 86_400_000))
          .where('k.received_at', '<', q.end ?? new Date(app.clock().getTime() + 86_400_000)),
      )
      .$if(q.status === 'open' || q.status === 'closed', (b) => b.where('c.is_open', '=', q.status === 'open'))
      .orderBy('k.received_at', 'desc')
      .limit(1000)
      .execute();
    const type = app.cases.type('complaint_order');
    return rows.map((r) => ({
      service_request_id: r.number,
      status: r.is_open ? 'open' : 'closed',
      status_notes: `${type.states[r.status]?.label ?? r.status}${r.result ? `（${{ resolved: '已解决', partlyResolved: '部分解决', explained: '已解释说明', notResolvable: '暂无法解决' }[r.result] ?? r.result}）` : ''}`,
      service_name: r.category,
      service_code: r.category_code,
      description: `${r.category}：${r.summary}`,
      agency_responsible: r.agency,
      service_notice: '',
      requested_datetime: r.received_at.toISOString(),
      updated_datetime: r.updated.toISOString(),
      expected_datetime: r.is_open && r.due_date ? endOfShanghaiDay(r.due_date) : null,
      address: r.level === 5 && r.township ? `${r.township}${r.place}` : r.place,
      address_id: null,
      zipcode: null,
      lat: coarsen(r.lat),
      long: coarsen(r.lng),
      media_url: null,
    }));
  };
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
        await requests({
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
          // a client files only into the services it was shown: the public categories
          if (
            str(b.service_code) &&
            !(await app.db
              .selectFrom('complaint_categories')
              .select('code')
              .where('code', '=', str(b.service_code)!)
              .where('public', '=', true)
              .executeTakeFirst())
          ) {
            throw new AppError(
              400,
              'invalid_field',
              '不是公开的服务类别，请通过12345热线或网上投诉反映',
              'Not a public service_code: call 12345 or use the portal',
              'service_code',
            );
          }
          const county = await app.db
            .selectFrom('departments as d')
            .select('d.division_code')
            .where('d.kind', '=', 'hotline_centre')
            .where('d.active', '=', true)
            .orderBy('d.code')
            .limit(1)
            .executeTakeFirst();
          const name = [str(b.last_name), str(b.first_name)].filter(Boolean).join('') || undefined;
          const filed = await complaints.registerPublic(
            {
              channel: 'open311',
              categoryCode: str(b.service_code) ?? '',
              divisionCode: str(b.jurisdiction_id) ?? county?.division_code ?? '',
              ...(str(b.address_string) ? { address: str(b.address_string) } : {}),
              ...(b.lat !== undefined ? { lat: num(b.lat), lng: num(b.long) } : {}),
              description: str(b.description) ?? '',
              complainant: { ...(name ? { name } : {}), ...(str(b.phone) ? { phone: str(b.phone) } : {}) },
            },
            await app.calendar.get(),
            app.clock(),
          );
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
    const found = await requests({ ids: [id] });
    if (!found.length)
      return send(reply, format, 404, 'errors', 'error', [
        { code: 404, description: `No request ${id} / 没有这个诉求` },
      ]);
    return send(reply, format, 200, 'service_requests', 'request', found);
  });
}
