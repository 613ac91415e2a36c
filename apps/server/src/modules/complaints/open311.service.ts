import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { CaseService } from '../../core/cases/case.service.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import type { Clock } from '../../core/time.ts';
import { listPublicLeafCategories, publicCategoryExists } from './complaint-categories.repository.ts';
import { listPublicRequests } from './complaint-reports.repository.ts';
import { findFirstCoordinationCentre } from './complaints.repository.ts';
import type { ComplaintsService } from './complaints.service.ts';

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

/** the order's current deadline (signing for it, then handling it) as the end of that day in Beijing time */
const endOfShanghaiDay = (date: string) => new Date(`${date}T23:59:59+08:00`).toISOString();
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v));

const RESULT_LABEL: Record<string, string> = {
  resolved: '已解决',
  partlyResolved: '部分解决',
  explained: '已解释说明',
  notResolvable: '暂无法解决',
};

/**
 * Open311 GeoReport v2: services are the public leaves of our category tree, requests our complaint
 * work orders (open or closed) in those categories. Public, like the standard; a filed request
 * enters the coordination centre's queue like any other channel.
 */
export class Open311Service {
  constructor(
    private readonly db: Db,
    private readonly complaints: ComplaintsService,
    private readonly cases: CaseService,
    private readonly clock: Clock,
  ) {}

  async services() {
    const rows = await listPublicLeafCategories(this.db);
    return rows.map((r) => ({
      service_code: r.code,
      service_name: r.name,
      description: r.description,
      metadata: false,
      type: 'realtime',
      keywords: '',
      group: r.group ?? r.name,
    }));
  }

  /** By numbers, or the received window (the last 90 days unless given), a category and open or closed. */
  async requests(q: { ids?: string[]; serviceCode?: string; start?: Date; end?: Date; status?: string }) {
    const rows = await listPublicRequests(this.db, {
      ...(q.ids ? { numbers: q.ids } : {}),
      ...(q.serviceCode ? { categoryCode: q.serviceCode } : {}),
      from: q.start ?? new Date(this.clock().getTime() - 90 * 86_400_000),
      to: q.end ?? new Date(this.clock().getTime() + 86_400_000),
      ...(q.status === 'open' || q.status === 'closed' ? { isOpen: q.status === 'open' } : {}),
    });
    const type = this.cases.type('complaint_order');
    return rows.map((r) => ({
      service_request_id: r.number,
      status: r.is_open ? 'open' : 'closed',
      status_notes: `${type.states[r.status]?.label ?? r.status}${r.result ? `（${RESULT_LABEL[r.result] ?? r.result}）` : ''}`,
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
  }

  /** A GeoReport request (form fields as posted), filed like any public matter. */
  async file(b: Record<string, unknown>, calendar: WorkingCalendar) {
    // a client files only into the services it was shown: the public categories
    if (str(b.service_code) && !(await publicCategoryExists(this.db, str(b.service_code)!))) {
      throw new AppError(
        400,
        'invalid_field',
        '不是公开的服务类别，请通过12345热线或网上投诉反映',
        'Not a public service_code: call 12345 or use the portal',
        'service_code',
      );
    }
    const county = await findFirstCoordinationCentre(this.db);
    const name = [str(b.last_name), str(b.first_name)].filter(Boolean).join('') || undefined;
    return this.complaints.registerPublic(
      {
        channel: 'open311',
        categoryCode: str(b.service_code) ?? '',
        divisionCode: str(b.jurisdiction_id) ?? county?.division_code ?? '',
        ...(str(b.address_string) ? { address: str(b.address_string) } : {}),
        ...(b.lat !== undefined ? { lat: num(b.lat), lng: num(b.long) } : {}),
        description: str(b.description) ?? '',
        complainant: { ...(name ? { name } : {}), ...(str(b.phone) ? { phone: str(b.phone) } : {}) },
      },
      calendar,
      this.clock(),
    );
  }
}
