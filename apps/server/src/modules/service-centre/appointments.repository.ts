import type { Insertable } from 'kysely';
import type { Db, Executor, Tx } from '../../core/db/database.ts';
import type { AppointmentsTable } from './service-centre.schema.ts';

/** Bookings and home-visit requests; the slots they take are in slots.repository.ts. */

/** The current version of a catalogue item (read only: the catalogue owns the table). */
export async function findCurrentItem(db: Executor, code: string) {
  return db
    .selectFrom('service_items')
    .select(['code', 'name', 'guide'])
    .where('code', '=', code)
    .where('current', '=', true)
    .executeTakeFirst();
}

export async function departmentExists(db: Executor, departmentId: string) {
  return !!(await db.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst());
}

/** The open booking of a phone (under any key of the ring) for a slot: a retry gets the same booking. */
export async function findOpenBooking(db: Db, slotId: string, phoneBidx: Buffer[]) {
  return db
    .selectFrom('appointments')
    .select(['id', 'reference', 'day'])
    .where('slot_id', '=', slotId)
    .where('phone_bidx', 'in', phoneBidx)
    .where('status', '=', 'booked')
    .executeTakeFirst();
}

export async function insertAppointment(tx: Tx, values: Insertable<AppointmentsTable>) {
  return tx.insertInto('appointments').values(values).returning(['id', 'reference', 'day']).executeTakeFirstOrThrow();
}

/** Locks the booking for a cancellation; the caller checks the phone. */
export async function lockAppointmentByReference(tx: Tx, reference: string) {
  return tx
    .selectFrom('appointments')
    .select(['id', 'slot_id', 'status', 'day', 'phone_bidx'])
    .where('reference', '=', reference)
    .forUpdate()
    .executeTakeFirst();
}

export async function markCancelled(tx: Tx, id: string, at: Date) {
  await tx.updateTable('appointments').set({ status: 'cancelled', cancelled_at: at }).where('id', '=', id).execute();
}

/** Locks an appointment for a home-visit command; the caller then checks the department's scope. */
export async function lockAppointmentById(tx: Tx, id: string) {
  return tx
    .selectFrom('appointments')
    .select(['id', 'department_id', 'kind', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function isStaffOfDepartment(tx: Tx, userId: string, departmentId: string) {
  return !!(await tx
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('department_id', '=', departmentId)
    .executeTakeFirst());
}

export async function updateHomeVisit(tx: Tx, id: string, input: { staffId?: string; done?: boolean }) {
  await tx
    .updateTable('appointments')
    .set({
      ...(input.staffId ? { visit_staff_id: input.staffId } : {}),
      ...(input.done ? { status: 'visited' as const } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** A centre's bookings of a day, phones masked; ...InDepartment: the caller checked the department's scope. */
export async function listDayBookingsInDepartment(db: Db, departmentId: string, day: string) {
  return db
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

/** For the SMS job: no actor, the job was enqueued by the booking itself. */
export async function findAppointmentForSmsJob(db: Db, appointmentId: string) {
  return db
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
}
