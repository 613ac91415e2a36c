import type { TakeTicket, TicketMoved } from '@grassroots/contracts';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db, Tx } from '../../core/db/database.ts';
import { nextSequenceValue } from '../../core/documents/numbering.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { type Clock, shanghaiDateOf } from '../../core/time.ts';
import { departmentExists, findCurrentItem } from './appointments.repository.ts';
import { requireDepartment } from './centre.access.ts';
import { getWindow } from './centre.repository.ts';
import { minutesBetween, percentile, ticketNumber } from './centre.rules.ts';
import {
  countWaiting,
  countWaitingBefore,
  findBookingSummary,
  findCalledAtWindow,
  findServingAtWindow,
  getTicketOfAppointment,
  insertTicket,
  listCalling,
  listDayTickets,
  listNextWaiting,
  lockBookingForTicket,
  lockNextForWindow,
  lockTicket,
  markCalled,
  markDone,
  markNoShow,
  markTransferred,
  setAppointmentStatus,
} from './queue.repository.ts';

type TicketRow = {
  id: string;
  department_id: string;
  window_id: string | null;
  status: string;
  number: string;
  appointment_id: string | null;
};

/**
 * 取号叫号: numbers of the day per centre, called at windows. A window calls first what was
 * transferred to it, then booked visitors (Y numbers), then walk-ins in the order they came, among
 * the items it serves; SKIP LOCKED lets two windows call at once without taking the same number.
 */
export class QueueService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private today() {
    return shanghaiDateOf(this.clock());
  }

  /** Kiosk or portal. With a booking reference the number is a Y number and the booking is marked arrived. */
  async take(input: TakeTicket & { departmentId: string }) {
    const day = this.today();
    return this.db.transaction().execute(async (tx) => {
      if (!(await departmentExists(tx, input.departmentId)))
        throw badInput('departmentId', '服务中心不存在', 'No such centre');
      let appointmentId: string | null = null;
      let itemCode = input.itemCode ?? null;
      if (input.appointmentReference) {
        const a = await lockBookingForTicket(tx, input.appointmentReference.trim().toUpperCase());
        if (!a || a.department_id !== input.departmentId || a.kind !== 'window')
          throw badInput(
            'appointmentReference',
            '预约号不存在（请核对预约号和服务中心）',
            'No booking with this reference at this centre',
          );
        if (a.day !== day)
          throw badInput(
            'appointmentReference',
            `该预约的日期是 ${a.day}，不是今天`,
            `The booking is for ${a.day}, not today`,
          );
        if (a.status === 'arrived') {
          const t = await getTicketOfAppointment(tx, a.id);
          return { ...t, day, ahead: await countWaitingBefore(tx, input.departmentId, day, t.seq), repeated: true };
        }
        if (a.status !== 'booked')
          throw conflict('booking_closed', '该预约已取消或已过期', 'The booking is cancelled or past');
        await setAppointmentStatus(tx, a.id, 'arrived');
        appointmentId = a.id;
        itemCode = a.item_code;
      } else if (itemCode && !(await findCurrentItem(tx, itemCode))) {
        throw badInput('itemCode', '事项不存在', 'No such item');
      }
      const seq = await nextSequenceValue(tx, `ticket:${input.departmentId}:${day}`, Number(day.slice(0, 4)));
      const row = await insertTicket(tx, {
        department_id: input.departmentId,
        day,
        seq,
        number: ticketNumber(seq, !!appointmentId),
        item_code: itemCode,
        appointment_id: appointmentId,
        channel: appointmentId ? 'appointment' : input.channel,
        taken_at: this.clock(),
      });
      return { ...row, day, ahead: await countWaitingBefore(tx, input.departmentId, day, seq), repeated: false };
    });
  }

  /** 叫号: the next number for this window; a window still serving someone must finish first. */
  async callNext(actor: Actor, windowId: string) {
    requirePermission(actor, 'centre.serve');
    const w = await getWindow(this.db, windowId);
    await requireDepartment(this.db, actor, 'centre.serve', w.department_id);
    const day = this.today();
    return this.db.transaction().execute(async (tx) => {
      const serving = await findServingAtWindow(tx, windowId, day);
      if (serving)
        throw conflict(
          'window_busy',
          `本窗口正在办理 ${serving.number}，请先办结、转窗口或标记未到`,
          `This window is serving ${serving.number}: finish, transfer or mark it absent first`,
          { ticketId: serving.id },
        );
      const next = await lockNextForWindow(tx, w, day);
      if (!next) return { ticket: null };
      const at = this.clock();
      await markCalled(tx, next.id, windowId, at, actor.id);
      return {
        ticket: {
          id: next.id,
          number: next.number,
          itemCode: next.item_code,
          appointment: !!next.appointment_id,
          waitedMinutes: minutesBetween(next.taken_at, at),
          windowCode: w.code,
          windowName: w.name,
        },
      };
    });
  }

  /** 转窗口: the number waits again, at the head of the other window's queue. */
  async transfer(actor: Actor, ticketId: string, toWindowId: string) {
    return this.onCalled(
      actor,
      ticketId,
      async (tx, t) => {
        const to = await getWindow(tx, toWindowId);
        if (to.department_id !== t.department_id)
          throw badInput('toWindowId', '只能转到本中心的窗口', 'Transfer within the same centre');
        if (to.id === t.window_id) throw badInput('toWindowId', '不能转到本窗口', 'That is this window');
        await markTransferred(tx, t.id, to.id);
        return { id: t.id, number: t.number, status: 'waiting', windowCode: to.code } satisfies TicketMoved;
      },
      'centre.ticket_transferred',
    );
  }

  /** 过号: not there when called. */
  async noShow(actor: Actor, ticketId: string) {
    return this.onCalled(
      actor,
      ticketId,
      async (tx, t) => {
        await markNoShow(tx, t.id, this.clock());
        if (t.appointment_id) await setAppointmentStatus(tx, t.appointment_id, 'noShow');
        return { id: t.id, number: t.number, status: 'noShow' } satisfies TicketMoved;
      },
      'centre.ticket_no_show',
    );
  }

  /** Served: the number is done, with the case opened for it if any. */
  async finish(actor: Actor, ticketId: string, caseId?: string) {
    return this.onCalled(actor, ticketId, (tx, t) => this.finishIn(tx, t.id, caseId), 'centre.ticket_done');
  }

  /** Inside another command's transaction (the window intake finishes the number it served). */
  async finishIn(tx: Tx, ticketId: string, caseId?: string): Promise<TicketMoved> {
    const r = await markDone(tx, ticketId, this.clock(), caseId);
    if (!r) throw conflict('ticket_not_called', '该号码不在办理中', 'The number is not being served');
    return { ...r, status: 'done' };
  }

  private async onCalled<T>(
    actor: Actor,
    ticketId: string,
    run: (tx: Tx, t: TicketRow) => Promise<T>,
    auditAction: string,
  ) {
    requirePermission(actor, 'centre.serve');
    return this.db.transaction().execute(async (tx) => {
      const t = await lockTicket(tx, ticketId);
      if (!t) throw new AppError(404, 'not_found', '号码不存在', 'Ticket not found');
      await requireDepartment(tx, actor, 'centre.serve', t.department_id);
      if (t.status !== 'called')
        throw conflict('ticket_not_called', `号码 ${t.number} 不在办理中`, `Ticket ${t.number} is not being served`);
      const out = await run(tx, t);
      await recordAudit(tx, {
        action: auditAction,
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'queue_ticket',
        targetId: t.id,
        details: { number: t.number },
      });
      return out;
    });
  }

  /** What a window has now: the number it serves. */
  async atWindow(actor: Actor, windowId: string) {
    requirePermission(actor, 'centre.serve');
    const w = await getWindow(this.db, windowId);
    await requireDepartment(this.db, actor, 'centre.serve', w.department_id);
    const t = await findCalledAtWindow(this.db, windowId, this.today());
    const booking = t?.appointment_id ? await findBookingSummary(this.db, t.appointment_id) : undefined;
    return {
      window: { id: w.id, code: w.code, name: w.name, itemCodes: w.item_codes },
      ticket: t
        ? {
            id: t.id,
            number: t.number,
            itemCode: t.itemCode,
            booking: booking ?? null,
            waitedMinutes: minutesBetween(t.taken_at, t.called_at ?? this.clock()),
          }
        : null,
    };
  }

  /** The hall screen: who is called where, how many wait, how long the wait is today. Nothing personal. */
  async board(departmentId: string) {
    const day = this.today();
    const calling = await listCalling(this.db, departmentId, day);
    const waiting = await listNextWaiting(this.db, departmentId, day);
    const waitingCount = await countWaiting(this.db, departmentId, day);
    const stats = await this.stats(departmentId, day);
    return {
      day,
      calling,
      waitingCount,
      next: waiting.map((w) => w.number),
      medianWaitMinutes: stats.medianWaitMinutes,
    };
  }

  /** Waiting times measured from the numbers: median and 90th percentile, served, absent, still waiting. */
  async stats(departmentId: string, day: string) {
    const rows = await listDayTickets(this.db, departmentId, day);
    const waits = rows
      .filter((r) => r.called_at)
      .map((r) => minutesBetween(r.taken_at, r.called_at!))
      .sort((a, b) => a - b);
    return {
      day,
      taken: rows.length,
      served: rows.filter((r) => r.status === 'done').length,
      noShow: rows.filter((r) => r.status === 'noShow').length,
      waiting: rows.filter((r) => r.status === 'waiting').length,
      booked: rows.filter((r) => r.channel === 'appointment').length,
      medianWaitMinutes: percentile(waits, 0.5),
      p90WaitMinutes: percentile(waits, 0.9),
    };
  }

  /** A day's figures (today by default: the server's business date, not the browser's). */
  async staffStats(actor: Actor, departmentId: string, day?: string) {
    await requireDepartment(this.db, actor, 'centre.serve', departmentId);
    return this.stats(departmentId, day ?? this.today());
  }
}
