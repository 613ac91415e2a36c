import type { DepartmentGroup, PublicVillage, TrackedCase, TrackQuery } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import type { ClockState } from '../../core/cases/clock.ts';
import { readHistory } from '../../core/cases/case.repository.ts';
import { actionLabel } from '../../core/cases/case.queries.ts';
import { AppError, badInput } from '../../core/errors.ts';
import {
  checkQueryCodeForm,
  limitedLookup,
  lookupLimitsOf,
  queryCodeMatches,
  residentOwnsCase,
} from './case-access.ts';
import { findCaseByNumberForResident, listPublicDepartments, listVillages } from './portal.repository.ts';

const notFound = () =>
  new AppError(
    404,
    'case_not_found',
    '未找到该办件：请核对办件编号和查询码',
    'No case matches this number and query code',
    'number',
  );

/** Who asks: the client's address (for the failure limits) and, when signed in on the portal, the phone's blind index. */
export interface PortalCaller {
  ip: string | null | undefined;
  residentPhoneBidx?: Buffer | undefined;
}
/** How a resident names her case: its number, with the query code from the receipt unless she is signed in as its applicant. */
export type CaseCredentials = TrackQuery;

/**
 * The case a resident names: by its number and query code, or by its number alone when the
 * signed-in resident is its applicant. A wrong code, someone else's case and an unknown number
 * answer alike (404), and each failure counts toward the per-address and per-case limits (429).
 */
export async function caseForResident(
  app: ModuleContext<'portal'>,
  creds: CaseCredentials,
  caller: PortalCaller,
  field = 'queryCode',
) {
  const code = checkQueryCodeForm(field, creds.queryCode);
  if (!code && !caller.residentPhoneBidx)
    throw badInput(
      field,
      '请填写受理回执上的查询码（或用登记的手机号登录后查询）',
      'Give the query code from the receipt (or sign in with your registered mobile)',
    );
  const number = creds.number.trim().toUpperCase();
  return limitedLookup(
    app.db,
    { ip: caller.ip, scope: 'case', target: number, at: app.clock(), limits: lookupLimitsOf(app.config) },
    async () => {
      const row = await findCaseByNumberForResident(app.db, number);
      if (!row) return undefined;
      if (code) return queryCodeMatches(row.query_code, code) ? row : undefined;
      return (await residentOwnsCase(app.db, row, caller.residentPhoneBidx!)) ? row : undefined;
    },
    notFound,
  );
}

/**
 * What a resident may see of a case: its steps, the departments that took them and the due date.
 * No names, no opinions, no inputs — they may hold anyone's personal data.
 */
export async function trackCase(
  app: ModuleContext<'portal'>,
  creds: CaseCredentials,
  caller: PortalCaller,
): Promise<TrackedCase> {
  const row = await caseForResident(app, creds, caller);
  const type = app.cases.type(row.type_code);
  const history = await readHistory(app.db, row.id);
  const clocks = row.clocks as ClockState[];
  return {
    number: row.number,
    typeName: type.name,
    typeNameEn: type.nameEn,
    status: row.status,
    statusLabel: type.states[row.status]?.label ?? row.status,
    isOpen: row.is_open,
    dueDate: row.due_date,
    dueState: row.due_state,
    paused: clocks.some((c) => c.state === 'paused'),
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    steps: history.map((h) => ({
      at: h.at,
      action: h.action,
      label: actionLabel(type, h.action),
      department: h.department,
    })),
  };
}

/** The public directory: every active department with its address, phone and hours, by division. */
export async function departmentDirectory(app: ModuleContext<'portal'>): Promise<DepartmentGroup[]> {
  const rows = await listPublicDepartments(app.db);
  const groups = new Map<string, DepartmentGroup>();
  for (const r of rows) {
    const g = groups.get(r.divisionCode) ?? {
      divisionCode: r.divisionCode,
      divisionName: r.divisionName,
      level: r.level,
      departments: [],
    };
    g.departments.push({
      code: r.code,
      name: r.name,
      kind: r.kind,
      phone: r.phone,
      address: r.address,
      hours: r.hours,
    });
    groups.set(r.divisionCode, g);
  }
  return [...groups.values()];
}

/** The villages and communities (current ones), with their township, for forms that ask where home is. */
export async function villages(app: ModuleContext<'portal'>): Promise<PublicVillage[]> {
  return listVillages(app.db);
}
