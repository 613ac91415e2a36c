import { type Insertable, sql } from 'kysely';
import type { Db, Executor, Tx } from '../../core/db/database.ts';
import type { QueueTicketsTable } from './service-centre.schema.ts';

/** 取号叫号: the day's numbers of a centre, and the bookings they come from. */

/** Locks a booking found by its reference, for the number taken with it. */
export async function lockBookingForTicket(tx: Tx, reference: string) {
  return tx
    .selectFrom('appointments')
    .select(['id', 'status', 'day', 'department_id', 'item_code', 'kind'])
    .where('reference', '=', reference)
    .forUpdate()
    .executeTakeFirst();
}

export async function getTicketOfAppointment(tx: Tx, appointmentId: string) {
  return tx
    .selectFrom('queue_tickets')
    .select(['id', 'number', 'seq'])
    .where('appointment_id', '=', appointmentId)
    .executeTakeFirstOrThrow();
}

export async function setAppointmentStatus(tx: Tx, id: string, status: 'arrived' | 'noShow') {
  await tx.updateTable('appointments').set({ status }).where('id', '=', id).execute();
}

export async function insertTicket(tx: Tx, values: Insertable<QueueTicketsTable>) {
  return tx.insertInto('queue_tickets').values(values).returning(['id', 'number', 'seq']).executeTakeFirstOrThrow();
}

/** Numbers still waiting before `seq` at the centre that day. */
export async function countWaitingBefore(tx: Tx, departmentId: string, day: string, seq: number) {
  const r = await tx
    .selectFrom('queue_tickets')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('department_id', '=', departmentId)
    .where('day', '=', day)
    .where('status', '=', 'waiting')
    .where('seq', '<', seq)
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function findServingAtWindow(tx: Tx, windowId: string, day: string) {
  return tx
    .selectFrom('queue_tickets')
    .select(['id', 'number'])
    .where('window_id', '=', windowId)
    .where('status', '=', 'called')
    .where('day', '=', day)
    .executeTakeFirst();
}

/**
 * The next number for a window, locked (SKIP LOCKED: two windows calling at once take different numbers):
 * first what was transferred to it, then bookings, then walk-ins, among the items it serves.
 */
export async function lockNextForWindow(
  tx: Tx,
  w: { id: string; department_id: string; item_codes: string[] },
  day: string,
) {
  return tx
    .selectFrom('queue_tickets')
    .select(['id', 'number', 'item_code', 'appointment_id', 'taken_at'])
    .where('department_id', '=', w.department_id)
    .where('day', '=', day)
    .where('status', '=', 'waiting')
    .where((eb) =>
      eb.or([
        eb('window_id', '=', w.id),
        eb.and([
          eb('window_id', 'is', null),
          w.item_codes.length
            ? eb.or([eb('item_code', 'is', null), eb('item_code', 'in', w.item_codes)])
            : sql<boolean>`true`,
        ]),
      ]),
    )
    .orderBy(sql`window_id IS NULL`)
    .orderBy(sql`appointment_id IS NULL`)
    .orderBy('seq')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function markCalled(tx: Tx, ticketId: string, windowId: string, at: Date, userId: string) {
  await tx
    .updateTable('queue_tickets')
    .set({ status: 'called', window_id: windowId, called_at: sql`coalesce(called_at, ${at})`, called_by: userId })
    .where('id', '=', ticketId)
    .execute();
}

export async function markTransferred(tx: Tx, ticketId: string, toWindowId: string) {
  await tx
    .updateTable('queue_tickets')
    .set((eb) => ({ status: 'waiting', window_id: toWindowId, transfers: eb('transfers', '+', 1) }))
    .where('id', '=', ticketId)
    .execute();
}

export async function markNoShow(tx: Tx, ticketId: string, at: Date) {
  await tx.updateTable('queue_tickets').set({ status: 'noShow', finished_at: at }).where('id', '=', ticketId).execute();
}

/** Finishes a number being served; undefined when it is not being served. */
export async function markDone(tx: Tx, ticketId: string, at: Date, caseId?: string) {
  return tx
    .updateTable('queue_tickets')
    .set({ status: 'done', finished_at: at, ...(caseId ? { case_id: caseId } : {}) })
    .where('id', '=', ticketId)
    .where('status', '=', 'called')
    .returning(['id', 'number'])
    .executeTakeFirst();
}

/** Locks a number for a window command; the caller then checks the department's scope. */
export async function lockTicket(tx: Tx, ticketId: string) {
  return tx
    .selectFrom('queue_tickets')
    .select(['id', 'department_id', 'window_id', 'status', 'number', 'appointment_id'])
    .where('id', '=', ticketId)
    .forUpdate()
    .executeTakeFirst();
}

/** Read after the window's department was checked against the actor's scope. */
export async function findCalledAtWindow(db: Db, windowId: string, day: string) {
  return db
    .selectFrom('queue_tickets')
    .select(['id', 'number', 'item_code as itemCode', 'appointment_id', 'taken_at', 'called_at'])
    .where('window_id', '=', windowId)
    .where('status', '=', 'called')
    .where('day', '=', day)
    .executeTakeFirst();
}

export async function findBookingSummary(db: Db, appointmentId: string) {
  return db
    .selectFrom('appointments')
    .select(['reference', 'name', 'phone_masked as phone'])
    .where('id', '=', appointmentId)
    .executeTakeFirst();
}

/** The hall screen's numbers being called (public, nothing personal). */
export async function listCalling(db: Db, departmentId: string, day: string) {
  return db
    .selectFrom('queue_tickets as t')
    .innerJoin('centre_windows as w', 'w.id', 't.window_id')
    .select(['t.number', 'w.code as windowCode', 'w.name as windowName', 't.called_at as calledAt'])
    .where('t.department_id', '=', departmentId)
    .where('t.day', '=', day)
    .where('t.status', '=', 'called')
    .orderBy('t.called_at', 'desc')
    .execute();
}

export async function listNextWaiting(db: Db, departmentId: string, day: string) {
  return db
    .selectFrom('queue_tickets')
    .select(['number'])
    .where('department_id', '=', departmentId)
    .where('day', '=', day)
    .where('status', '=', 'waiting')
    .orderBy('seq')
    .limit(10)
    .execute();
}

export async function countWaiting(db: Db, departmentId: string, day: string) {
  const r = await db
    .selectFrom('queue_tickets')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('department_id', '=', departmentId)
    .where('day', '=', day)
    .where('status', '=', 'waiting')
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function listDayTickets(db: Db, departmentId: string, day: string) {
  return db
    .selectFrom('queue_tickets')
    .select(['status', 'taken_at', 'called_at', 'channel'])
    .where('department_id', '=', departmentId)
    .where('day', '=', day)
    .execute();
}

/** For the window intake: the number's centre, which the caller then checks against the actor's scope. */
export async function findTicketDepartment(db: Executor, ticketId: string) {
  return db.selectFrom('queue_tickets').select(['id', 'department_id']).where('id', '=', ticketId).executeTakeFirst();
}
