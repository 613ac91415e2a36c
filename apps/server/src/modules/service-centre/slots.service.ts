import type { AddWindow, PeakDay, SlotPlan, SlotQuery } from '@grassroots/contracts';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { CalendarService } from '../../core/calendar/calendar.service.ts';
import type { Db } from '../../core/db/database.ts';
import { badInput, conflict } from '../../core/errors.ts';
import { type Clock, shanghaiDateOf } from '../../core/time.ts';
import { requireDepartment } from './centre.access.ts';
import { MAX_PLAN_DAYS, planSlots, shanghaiTimeOf } from './centre.rules.ts';
import {
  findWindowByCode,
  growSlotsForPeakDay,
  insertMissingSlots,
  insertWindow,
  listActiveWindowIds,
  listActiveWindows,
  listCentresWithWindows,
  listOpenSlots,
  listPeakDays,
  upsertPeakDay,
} from './slots.repository.ts';

/** The centre's set-up: windows, peak days, and the slots made from a plan on working days. */
export class SlotsService {
  constructor(
    private readonly db: Db,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  async addWindow(actor: Actor, input: AddWindow) {
    await requireDepartment(this.db, actor, 'centre.manage', input.departmentId);
    return this.db.transaction().execute(async (tx) => {
      if (await findWindowByCode(tx, input.departmentId, input.code)) {
        throw conflict('window_exists', `窗口 ${input.code} 已存在`, `Window ${input.code} exists`);
      }
      const row = await insertWindow(tx, input);
      await recordAudit(tx, {
        action: 'centre.window_added',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'centre_window',
        targetId: row.id,
        details: input,
      });
      return { id: row.id };
    });
  }

  /** A centre's windows, open to the public (the kiosk and the booking page show them). */
  windows(departmentId: string) {
    return listActiveWindows(this.db, departmentId);
  }

  /** Centres that take bookings or numbers, for the portal. */
  centres() {
    return listCentresWithWindows(this.db);
  }

  async setPeakDay(actor: Actor, input: PeakDay) {
    await requireDepartment(this.db, actor, 'centre.manage', input.departmentId);
    return this.db.transaction().execute(async (tx) => {
      await upsertPeakDay(tx, input);
      // slots already made for that day grow with the plan
      await growSlotsForPeakDay(tx, input.departmentId, input.day, input.extraCapacity);
      await recordAudit(tx, {
        action: 'centre.peak_day_set',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'department',
        targetId: input.departmentId,
        details: { day: input.day, extraCapacity: input.extraCapacity },
      });
      return { day: input.day, extraCapacity: input.extraCapacity };
    });
  }

  /**
   * Makes the plan's slots; slots that exist already are kept with their bookings. The plan is parsed by
   * its contract (the route does it): its dates are real, `to` is not before `from`, each time ends after it starts.
   */
  async generateSlots(actor: Actor, plan: SlotPlan) {
    requirePermission(actor, 'centre.manage');
    await requireDepartment(this.db, actor, 'centre.manage', plan.departmentId);
    const calendar = await this.calendar.get();
    const span = (Date.parse(plan.to) - Date.parse(plan.from)) / 86_400_000;
    if (span >= MAX_PLAN_DAYS)
      throw badInput('to', `一次最多放号 ${MAX_PLAN_DAYS} 天`, `At most ${MAX_PLAN_DAYS} days at once`);
    return this.db.transaction().execute(async (tx) => {
      const windows = await listActiveWindowIds(tx, plan.departmentId, plan.windowIds);
      if (windows.length === 0)
        throw badInput('windowIds', '该中心没有可预约的窗口', 'The centre has no window to book');
      const peaks = await listPeakDays(tx, plan.departmentId, plan.from, plan.to);
      const rows = planSlots(
        plan,
        windows.map((w) => w.id),
        calendar,
        new Map(peaks.map((p) => [p.day, p.extra_capacity])),
      );
      const created = await insertMissingSlots(tx, rows);
      await recordAudit(tx, {
        action: 'centre.slots_generated',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'department',
        targetId: plan.departmentId,
        details: { from: plan.from, to: plan.to, created },
      });
      return { created, days: new Set(rows.map((r) => r.day)).size };
    });
  }

  /** Open slots for an item from now on (today's that have ended are not offered): windows that serve it, places left. */
  async openSlots(departmentId: string, { itemCode, from, to }: SlotQuery) {
    const now = this.clock();
    const today = shanghaiDateOf(now);
    const start = from && from > today ? from : today;
    return listOpenSlots(this.db, departmentId, itemCode, start, to, { today, time: shanghaiTimeOf(now) });
  }
}
