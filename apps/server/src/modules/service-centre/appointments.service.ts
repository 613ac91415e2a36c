import { randomInt } from 'node:crypto';
import {
  type AddWindow,
  type BookSlot,
  type Booking,
  type HomeVisitRequest,
  type HomeVisitUpdate,
  maskPhone,
  type PeakDay,
  type SlotPlan,
  type SlotQuery,
} from '@grassroots/contracts';
import type PgBoss from 'pg-boss';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { CalendarService } from '../../core/calendar/calendar.service.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db, Tx } from '../../core/db/database.ts';
import { AppError, badInput, conflict, isUniqueViolation } from '../../core/errors.ts';
import { enqueue } from '../../core/jobs/jobs.ts';
import { type Clock, shanghaiDateOf } from '../../core/time.ts';
import {
  departmentExists,
  findAppointmentForSmsJob,
  findCurrentItem,
  findOpenBooking,
  insertAppointment,
  isStaffOfDepartment,
  listDayBookingsInDepartment,
  lockAppointmentById,
  lockAppointmentByReference,
  markCancelled,
  updateHomeVisit,
} from './appointments.repository.ts';
import { appointmentSmsText } from './appointments.sms.ts';
import { requireDepartment } from './centre.access.ts';
import { requiredMobile as checkMobile } from '../../core/values.ts';
import { bookingReference, shanghaiTimeOf } from './centre.rules.ts';
import { findSlotWithWindow, releaseSlotPlace, takeSlotPlace } from './slots.repository.ts';
import { SlotsService } from './slots.service.ts';

/**
 * 预约: bookings by residents (with an SMS), and home visits for those who cannot come; the windows
 * and slots they book are set up by SlotsService. A slot never takes more bookings than its capacity:
 * the count is raised by one guarded UPDATE, which concurrent bookings queue on, and the table's CHECK
 * stands behind it.
 */
export class AppointmentsService {
  private readonly slots: SlotsService;

  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    calendar: CalendarService,
    private readonly clock: Clock,
    /** required: a booking's SMS is a job enqueued with it, never a silent no-op */
    private readonly boss: PgBoss,
  ) {
    this.slots = new SlotsService(db, calendar, clock);
  }

  private today() {
    return shanghaiDateOf(this.clock());
  }

  // the set-up, kept on this service for its callers (routes, demo, tests)
  addWindow(actor: Actor, input: AddWindow) {
    return this.slots.addWindow(actor, input);
  }
  windows(departmentId: string) {
    return this.slots.windows(departmentId);
  }
  centres() {
    return this.slots.centres();
  }
  setPeakDay(actor: Actor, input: PeakDay) {
    return this.slots.setPeakDay(actor, input);
  }
  generateSlots(actor: Actor, plan: SlotPlan) {
    return this.slots.generateSlots(actor, plan);
  }
  openSlots(departmentId: string, query: SlotQuery) {
    return this.slots.openSlots(departmentId, query);
  }

  /**
   * Takes a place. A retry from the same phone for the same slot gets the same booking; the 101st
   * booking of a 100-place slot gets 409; a slot of today whose end has come is refused (422).
   */
  async book(input: BookSlot): Promise<Booking> {
    const phone = checkMobile(input.phone);
    const bidx = this.cipher.blindIndex(phone);
    const name = input.name.trim();
    if (!name) throw badInput('name', '请填写姓名', 'Give a name');
    const item = await findCurrentItem(this.db, input.itemCode);
    if (!item) throw badInput('itemCode', '事项不存在', 'No such item');
    if (!(item.guide as { appointment?: boolean }).appointment)
      throw badInput('itemCode', '该事项不提供预约，请直接到窗口办理', 'This item takes no appointments');
    const existing = () => findOpenBooking(this.db, input.slotId, this.cipher.blindIndexes(phone));
    const already = await existing();
    if (already) return { ...already, repeated: true };
    try {
      return await this.db.transaction().execute(async (tx) => {
        const now = this.clock();
        const today = shanghaiDateOf(now);
        const slot = await takeSlotPlace(tx, input.slotId, input.itemCode, today, shanghaiTimeOf(now));
        if (!slot) throw await this.whyNotBookable(tx, input.slotId, input.itemCode, today, shanghaiTimeOf(now));
        const row = await insertAppointment(tx, {
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
        });
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

  private async whyNotBookable(tx: Tx, slotId: string, itemCode: string, today: string, now: string) {
    const s = await findSlotWithWindow(tx, slotId);
    if (!s) return new AppError(404, 'not_found', '预约时段不存在', 'Slot not found', 'slotId');
    if (s.item_codes.length && !s.item_codes.includes(itemCode))
      return badInput('itemCode', '该窗口不办理此事项', 'That window does not serve this item');
    if (s.day < today) return conflict('slot_past', '该时段已过，请选择其他时段', 'That slot is past');
    if (s.day === today && s.ends_at <= now)
      return new AppError(
        422,
        'slot_over',
        `该时段（${s.starts_at}-${s.ends_at}）今天已经结束，请选择其他时段`,
        `That slot (${s.starts_at}-${s.ends_at}) is over for today: choose another`,
        'slotId',
      );
    return conflict('slot_full', '该时段已约满，请选择其他时段', 'That slot is fully booked');
  }

  /** Cancel with the reference and the phone that booked it (no sign-in needed). */
  async cancel(reference: string, phone: string) {
    const mobile = checkMobile(phone);
    return this.db.transaction().execute(async (tx) => {
      const a = await lockAppointmentByReference(tx, reference.trim().toUpperCase());
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
      await markCancelled(tx, a.id, this.clock());
      if (a.slot_id) await releaseSlotPlace(tx, a.slot_id);
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
  async requestHomeVisit(input: HomeVisitRequest) {
    const phone = checkMobile(input.phone);
    if (input.day < this.today()) throw badInput('day', '日期不能早于今天', 'The day is past');
    if (!(await findCurrentItem(this.db, input.itemCode))) throw badInput('itemCode', '事项不存在', 'No such item');
    if (!(await departmentExists(this.db, input.departmentId)))
      throw badInput('departmentId', '服务中心不存在', 'No such centre');
    return this.db.transaction().execute(async (tx) => {
      const row = await insertAppointment(tx, {
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
      });
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
    return listDayBookingsInDepartment(this.db, departmentId, day);
  }

  /** Sends a member of the centre on a home visit, or records it done. */
  async homeVisit(actor: Actor, id: string, input: HomeVisitUpdate) {
    requirePermission(actor, 'centre.serve');
    return this.db.transaction().execute(async (tx) => {
      const a = await lockAppointmentById(tx, id);
      if (!a || a.kind !== 'homeVisit')
        throw new AppError(404, 'not_found', '上门服务申请不存在', 'Home visit not found');
      await requireDepartment(tx, actor, 'centre.serve', a.department_id);
      if (a.status !== 'booked') throw conflict('not_open', '该上门服务已结束或已取消', 'The home visit is closed');
      if (input.staffId && !(await isStaffOfDepartment(tx, input.staffId, a.department_id))) {
        throw badInput('staffId', '只能安排本中心的工作人员', 'Send someone of this centre');
      }
      await updateHomeVisit(tx, id, input);
      await recordAudit(tx, {
        action: 'centre.home_visit',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'appointment',
        targetId: id,
        details: input,
      });
      return { id, status: input.done ? ('visited' as const) : ('booked' as const) };
    });
  }

  /** The text of the confirmation SMS, read again when the job runs (a cancelled booking says so). */
  async smsFor(appointmentId: string, event: 'booked' | 'cancelled') {
    const a = await findAppointmentForSmsJob(this.db, appointmentId);
    if (!a) return undefined;
    const phone = this.cipher.decrypt(a.phone_enc);
    const text = appointmentSmsText(a, event);
    return text === undefined ? undefined : { phone, text };
  }
}
