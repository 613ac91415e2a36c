import { randomInt } from 'node:crypto';
import { maskPhone } from '@grassroots/contracts';
import type PgBoss from 'pg-boss';
import { sql } from 'kysely';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { CalendarService } from '../../core/calendar/calendar.service.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db, Tx } from '../../core/db/database.ts';
import { AppError, badInput, conflict, isUniqueViolation } from '../../core/errors.ts';
import { enqueue } from '../../core/jobs/jobs.ts';
import { parseOrRefuse } from '../../core/validation.ts';
import { type Clock, shanghaiDateOf } from '../../core/time.ts';
import { getWindow, requireDepartment } from './centre.repository.ts';
import { bookingReference, checkMobile, MAX_PLAN_DAYS, planSlots, SlotPlan } from './centre.rules.ts';

/**
 * 预约: windows, slots on working days with peak-day plans, bookings by residents (with an SMS), and
 * home visits for those who cannot come. A slot never takes more bookings than its capacity: the
 * count is raised by one guarded UPDATE, which concurrent bookings queue on, and the table's CHECK
 * stands behind it.
 */
export class AppointmentsService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    /** required: a booking's SMS is a job enqueued with it, never a silent no-op */
    private readonly boss: PgBoss,
  ) {}

  private today() {
    return shanghaiDateOf(this.clock());
  }

  async addWindow(actor: Actor, input: { departmentId: string; code: string; name: string; itemCodes: string[] }) {
    await requireDepartment(this.db, actor, 'centre.manage', input.departmentId);
    return this.db.transaction().execute(async (tx) => {
      if (
        await tx
          .selectFrom('centre_windows')
          .select('id')
          .where('department_id', '=', input.departmentId)
          .where('code', '=', input.code)
          .executeTakeFirst()
      ) {
        throw conflict('window_exists', `窗口 ${input.code} 已存在`, `Window ${input.code} exists`);
      }
      const row = await tx
        .insertInto('centre_windows')
        .values({ department_id: input.departmentId, code: input.code, name: input.name, item_codes: input.itemCodes })
        .returning('id')
        .executeTakeFirstOrThrow();
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
    return this.db
      .selectFrom('centre_windows')
      .select(['id', 'code', 'name', 'item_codes as itemCodes'])
      .where('department_id', '=', departmentId)
      .where('active', '=', true)
      .orderBy('code')
      .execute();
  }

  /** Centres that take bookings or numbers, for the portal. */
  centres() {
    return this.db
      .selectFrom('departments as d')
      .select(['d.id', 'd.name', 'd.address', 'd.phone', 'd.hours'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('centre_windows as w')
            .select('w.id')
            .whereRef('w.department_id', '=', 'd.id')
            .where('w.active', '=', true),
        ),
      )
      .orderBy('d.code')
      .execute();
  }

  async setPeakDay(actor: Actor, input: { departmentId: string; day: string; extraCapacity: number; reason: string }) {
    await requireDepartment(this.db, actor, 'centre.manage', input.departmentId);
    return this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('appointment_peak_days')
        .values({
          department_id: input.departmentId,
          day: input.day,
          extra_capacity: input.extraCapacity,
          reason: input.reason,
        })
        .onConflict((oc) =>
          oc
            .columns(['department_id', 'day'])
            .doUpdateSet({ extra_capacity: input.extraCapacity, reason: input.reason }),
        )
        .execute();
      // slots already made for that day grow with the plan
      await tx
        .updateTable('appointment_slots')
        .set((eb) => ({ capacity: eb('capacity', '+', input.extraCapacity), peak: true }))
        .where('day', '=', input.day)
        .where('peak', '=', false)
        .where('window_id', 'in', (eb) =>
          eb.selectFrom('centre_windows').select('id').where('department_id', '=', input.departmentId),
        )
        .execute();
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

  /** Makes the plan's slots; slots that exist already are kept with their bookings. */
  async generateSlots(actor: Actor, input: unknown) {
    requirePermission(actor, 'centre.manage');
    const plan = parseOrRefuse(SlotPlan, input, { zh: '放号计划', en: 'slot plan' });
    await requireDepartment(this.db, actor, 'centre.manage', plan.departmentId);
    const calendar = await this.calendar.get();
    const span = (Date.parse(plan.to) - Date.parse(plan.from)) / 86_400_000;
    if (span >= MAX_PLAN_DAYS)
      throw badInput('to', `一次最多放号 ${MAX_PLAN_DAYS} 天`, `At most ${MAX_PLAN_DAYS} days at once`);
    return this.db.transaction().execute(async (tx) => {
      const windows = await tx
        .selectFrom('centre_windows')
        .select('id')
        .where('department_id', '=', plan.departmentId)
        .where('active', '=', true)
        .$if(!!plan.windowIds, (q) => q.where('id', 'in', plan.windowIds!))
        .execute();
      if (windows.length === 0)
        throw badInput('windowIds', '该中心没有可预约的窗口', 'The centre has no window to book');
      const peaks = await tx
        .selectFrom('appointment_peak_days')
        .select(['day', 'extra_capacity'])
        .where('department_id', '=', plan.departmentId)
        .where('day', '>=', plan.from)
        .where('day', '<=', plan.to)
        .execute();
      const rows = planSlots(
        plan,
        windows.map((w) => w.id),
        calendar,
        new Map(peaks.map((p) => [p.day, p.extra_capacity])),
      );
      let created = 0;
      for (let i = 0; i < rows.length; i += 500) {
        created += (
          await tx
            .insertInto('appointment_slots')
            .values(rows.slice(i, i + 500))
            .onConflict((oc) => oc.columns(['window_id', 'day', 'starts_at']).doNothing())
            .returning('id')
            .execute()
        ).length;
      }
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

  /** Open slots for an item from today on: windows that serve it, places left. */
  async openSlots(departmentId: string, itemCode: string, from?: string, to?: string) {
    const start = from && from > this.today() ? from : this.today();
    return this.db
      .selectFrom('appointment_slots as s')
      .innerJoin('centre_windows as w', 'w.id', 's.window_id')
      .select([
        's.id',
        's.day',
        's.starts_at as startsAt',
        's.ends_at as endsAt',
        's.peak',
        'w.code as windowCode',
        'w.name as windowName',
        sql<number>`s.capacity - s.booked`.as('left'),
      ])
      .where('w.department_id', '=', departmentId)
      .where('w.active', '=', true)
      .where((eb) =>
        eb.or([sql<boolean>`cardinality(w.item_codes) = 0`, sql<boolean>`${itemCode} = ANY(w.item_codes)`]),
      )
      .where('s.day', '>=', start)
      .$if(!!to, (q) => q.where('s.day', '<=', to!))
      .whereRef('s.booked', '<', 's.capacity')
      .orderBy('s.day')
      .orderBy('s.starts_at')
      .orderBy('w.code')
      .limit(300)
      .execute();
  }

  /**
   * Takes a place. A retry from the same phone for the same slot gets the same booking; the 101st
   * booking of a 100-place slot gets 409.
   */
  async book(input: { slotId: string; itemCode: string; name: string; phone: string }) {
    const phone = checkMobile(input.phone);
    const bidx = this.cipher.blindIndex(phone);
    const name = input.name.trim();
    if (!name) throw badInput('name', '请填写姓名', 'Give a name');
    const item = await this.db
      .selectFrom('service_items')
      .select(['code', 'name', 'guide'])
      .where('code', '=', input.itemCode)
      .where('current', '=', true)
      .executeTakeFirst();
    if (!item) throw badInput('itemCode', '事项不存在', 'No such item');
    if (!(item.guide as { appointment?: boolean }).appointment)
      throw badInput('itemCode', '该事项不提供预约，请直接到窗口办理', 'This item takes no appointments');
    const existing = () =>
      this.db
        .selectFrom('appointments')
        .select(['id', 'reference', 'day'])
        .where('slot_id', '=', input.slotId)
        .where('phone_bidx', 'in', this.cipher.blindIndexes(phone))
        .where('status', '=', 'booked')
        .executeTakeFirst();
    const already = await existing();
    if (already) return { ...already, repeated: true };
    try {
      return await this.db.transaction().execute(async (tx) => {
        const slot = await tx
          .updateTable('appointment_slots as s')
          .set((eb) => ({ booked: eb('s.booked', '+', 1) }))
          .from('centre_windows as w')
          .whereRef('w.id', '=', 's.window_id')
          .where('s.id', '=', input.slotId)
          .whereRef('s.booked', '<', 's.capacity')
          .where('s.day', '>=', this.today())
          .where((eb) =>
            eb.or([sql<boolean>`cardinality(w.item_codes) = 0`, sql<boolean>`${input.itemCode} = ANY(w.item_codes)`]),
          )
          .returning(['s.day', 's.starts_at', 's.ends_at', 'w.department_id', 'w.name as window_name'])
          .executeTakeFirst();
        if (!slot) throw await this.whyNotBookable(tx, input.slotId, input.itemCode);
        const row = await tx
          .insertInto('appointments')
          .values({
            reference: bookingReference(slot.day, randomInt),
            kind: 'window',
            slot_id: input.slotId,
            department_id: slot.department_id,
            item_code: item.code,
            day: slot.day,
            name,
            phone_enc: this.cipher.encrypt(phone),
            phone_bidx: bidx,
            phone_masked: maskPhone(phone),
            created_at: this.clock(),
          })
          .returning(['id', 'reference', 'day'])
          .executeTakeFirstOrThrow();
        await enqueue(this.boss, tx, 'centre.appointment_sms', { appointmentId: row.id, event: 'booked' });
        await recordAudit(tx, {
          action: 'centre.booked',
          actorId: null,
          actorName: 'resident',
          ip: null,
          targetType: 'appointment',
          targetId: row.id,
          details: { reference: row.reference, day: row.day },
        });
        return {
          ...row,
          startsAt: slot.starts_at,
          endsAt: slot.ends_at,
          windowName: slot.window_name,
          itemName: item.name,
          repeated: false,
        };
      });
    } catch (e) {
      // the same phone racing itself for the same slot: the first booking stands
      if (isUniqueViolation(e)) {
        const first = await existing();
        if (first) return { ...first, repeated: true };
      }
      throw e;
    }
  }

  private async whyNotBookable(tx: Tx, slotId: string, itemCode: string) {
    const s = await tx
      .selectFrom('appointment_slots as s')
      .innerJoin('centre_windows as w', 'w.id', 's.window_id')
      .select(['s.day', 's.booked', 's.capacity', 'w.item_codes'])
      .where('s.id', '=', slotId)
      .executeTakeFirst();
    if (!s) return new AppError(404, 'not_found', '预约时段不存在', 'Slot not found', 'slotId');
    if (s.item_codes.length && !s.item_codes.includes(itemCode))
      return badInput('itemCode', '该窗口不办理此事项', 'That window does not serve this item');
    if (s.day < this.today()) return conflict('slot_past', '该时段已过，请选择其他时段', 'That slot is past');
    return conflict('slot_full', '该时段已约满，请选择其他时段', 'That slot is fully booked');
  }

  /** Cancel with the reference and the phone that booked it (no sign-in needed). */
  async cancel(reference: string, phone: string) {
    const mobile = checkMobile(phone);
    return this.db.transaction().execute(async (tx) => {
      const a = await tx
        .selectFrom('appointments')
        .select(['id', 'slot_id', 'status', 'day', 'phone_bidx'])
        .where('reference', '=', reference.trim().toUpperCase())
        .forUpdate()
        .executeTakeFirst();
      // under any key in the ring: a booking made before a key rotation is still the caller's
      if (!a || !this.cipher.matchesBlindIndex(mobile, a.phone_bidx))
        throw new AppError(
          404,
          'not_found',
          '未找到该预约（请核对预约号和手机号）',
          'No booking with this reference and phone',
        );
      if (a.status !== 'booked')
        throw conflict('not_cancellable', '该预约已取消或已到场，不能取消', 'The booking is no longer open');
      if (a.day < this.today()) throw conflict('not_cancellable', '预约日期已过', 'The day is past');
      await tx
        .updateTable('appointments')
        .set({ status: 'cancelled', cancelled_at: this.clock() })
        .where('id', '=', a.id)
        .execute();
      if (a.slot_id)
        await tx
          .updateTable('appointment_slots')
          .set((eb) => ({ booked: eb('booked', '-', 1) }))
          .where('id', '=', a.slot_id)
          .execute();
      await enqueue(this.boss, tx, 'centre.appointment_sms', { appointmentId: a.id, event: 'cancelled' });
      await recordAudit(tx, {
        action: 'centre.booking_cancelled',
        actorId: null,
        actorName: 'resident',
        ip: null,
        targetType: 'appointment',
        targetId: a.id,
        details: { reference },
      });
      return { reference, status: 'cancelled' as const };
    });
  }

  /** 上门服务: asked for by or for someone who cannot come; the centre sends someone. */
  async requestHomeVisit(input: {
    departmentId: string;
    itemCode: string;
    name: string;
    phone: string;
    address: string;
    reason: string;
    day: string;
  }) {
    const phone = checkMobile(input.phone);
    if (input.day < this.today()) throw badInput('day', '日期不能早于今天', 'The day is past');
    if (
      !(await this.db
        .selectFrom('service_items')
        .select('code')
        .where('code', '=', input.itemCode)
        .where('current', '=', true)
        .executeTakeFirst())
    )
      throw badInput('itemCode', '事项不存在', 'No such item');
    if (!(await this.db.selectFrom('departments').select('id').where('id', '=', input.departmentId).executeTakeFirst()))
      throw badInput('departmentId', '服务中心不存在', 'No such centre');
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('appointments')
        .values({
          reference: bookingReference(input.day, randomInt).replace(/^Y/, 'H'),
          kind: 'homeVisit',
          slot_id: null,
          department_id: input.departmentId,
          item_code: input.itemCode,
          day: input.day,
          name: input.name.trim(),
          phone_enc: this.cipher.encrypt(phone),
          phone_bidx: this.cipher.blindIndex(phone),
          phone_masked: maskPhone(phone),
          address: input.address.trim(),
          reason: input.reason.trim(),
          created_at: this.clock(),
        })
        .returning(['id', 'reference', 'day'])
        .executeTakeFirstOrThrow();
      await enqueue(this.boss, tx, 'centre.appointment_sms', { appointmentId: row.id, event: 'booked' });
      await recordAudit(tx, {
        action: 'centre.home_visit_requested',
        actorId: null,
        actorName: 'resident',
        ip: null,
        targetType: 'appointment',
        targetId: row.id,
        details: { reference: row.reference },
      });
      return row;
    });
  }

  /** A centre's bookings of a day, phones masked. */
  async list(actor: Actor, departmentId: string, day: string) {
    await requireDepartment(this.db, actor, 'centre.serve', departmentId);
    return this.db
      .selectFrom('appointments as a')
      .leftJoin('appointment_slots as s', 's.id', 'a.slot_id')
      .leftJoin('centre_windows as w', 'w.id', 's.window_id')
      .leftJoin('service_items as i', (j) => j.onRef('i.code', '=', 'a.item_code').on('i.current', '=', true))
      .leftJoin('users as u', 'u.id', 'a.visit_staff_id')
      .select([
        'a.id',
        'a.reference',
        'a.kind',
        'a.status',
        'a.name',
        'a.phone_masked as phone',
        'a.address',
        'a.reason',
        'a.item_code as itemCode',
        'i.name as itemName',
        's.starts_at as startsAt',
        's.ends_at as endsAt',
        'w.name as windowName',
        'u.display_name as visitStaff',
      ])
      .where('a.department_id', '=', departmentId)
      .where('a.day', '=', day)
      .orderBy('s.starts_at')
      .orderBy('a.created_at')
      .execute();
  }

  /** Sends a member of the centre on a home visit, or records it done. */
  async homeVisit(actor: Actor, id: string, input: { staffId?: string; done?: boolean }) {
    requirePermission(actor, 'centre.serve');
    return this.db.transaction().execute(async (tx) => {
      const a = await tx
        .selectFrom('appointments')
        .select(['id', 'department_id', 'kind', 'status'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!a || a.kind !== 'homeVisit')
        throw new AppError(404, 'not_found', '上门服务申请不存在', 'Home visit not found');
      await requireDepartment(tx, actor, 'centre.serve', a.department_id);
      if (a.status !== 'booked') throw conflict('not_open', '该上门服务已结束或已取消', 'The home visit is closed');
      if (
        input.staffId &&
        !(await tx
          .selectFrom('users')
          .select('id')
          .where('id', '=', input.staffId)
          .where('department_id', '=', a.department_id)
          .executeTakeFirst())
      ) {
        throw badInput('staffId', '只能安排本中心的工作人员', 'Send someone of this centre');
      }
      await tx
        .updateTable('appointments')
        .set({
          ...(input.staffId ? { visit_staff_id: input.staffId } : {}),
          ...(input.done ? { status: 'visited' as const } : {}),
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(tx, {
        action: 'centre.home_visit',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'appointment',
        targetId: id,
        details: input,
      });
      return { id, status: input.done ? 'visited' : 'booked' };
    });
  }

  /** The text of the confirmation SMS, read again when the job runs (a cancelled booking says so). */
  async smsFor(appointmentId: string, event: 'booked' | 'cancelled') {
    const a = await this.db
      .selectFrom('appointments as a')
      .innerJoin('departments as d', 'd.id', 'a.department_id')
      .leftJoin('appointment_slots as s', 's.id', 'a.slot_id')
      .leftJoin('service_items as i', (j) => j.onRef('i.code', '=', 'a.item_code').on('i.current', '=', true))
      .select([
        'a.reference',
        'a.kind',
        'a.status',
        'a.day',
        'a.phone_enc',
        'd.name as centre',
        'd.address',
        's.starts_at',
        's.ends_at',
        'i.name as item',
      ])
      .where('a.id', '=', appointmentId)
      .executeTakeFirst();
    if (!a) return undefined;
    const phone = this.cipher.decrypt(a.phone_enc);
    if (event === 'cancelled') return { phone, text: `【${a.centre}】您的预约（${a.reference}）已取消。` };
    if (a.status !== 'booked') return undefined;
    const when =
      a.kind === 'window' ? `${a.day} ${a.starts_at}-${a.ends_at}` : `${a.day}（上门服务，工作人员将电话联系您）`;
    return {
      phone,
      text: `【${a.centre}】您已预约「${a.item}」，时间 ${when}，预约号 ${a.reference}。${a.kind === 'window' ? `请凭预约号到${a.address ?? '中心'}取号。` : ''}如需取消请登录政务服务网站。`,
    };
  }
}
