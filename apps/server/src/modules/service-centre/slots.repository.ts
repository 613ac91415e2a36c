import type { AddWindow, PeakDay } from '@grassroots/contracts';
import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db/database.ts';
import type { planSlots } from './centre.rules.ts';

/** Windows, peak days and slots: the centre's set-up and the places it offers. */

export async function findWindowByCode(tx: Tx, departmentId: string, code: string) {
  return tx
    .selectFrom('centre_windows')
    .select('id')
    .where('department_id', '=', departmentId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function insertWindow(tx: Tx, input: AddWindow) {
  return tx
    .insertInto('centre_windows')
    .values({ department_id: input.departmentId, code: input.code, name: input.name, item_codes: input.itemCodes })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Public: a centre's active windows (the kiosk and the booking page show them). */
export async function listActiveWindows(db: Db, departmentId: string) {
  return db
    .selectFrom('centre_windows')
    .select(['id', 'code', 'name', 'item_codes as itemCodes'])
    .where('department_id', '=', departmentId)
    .where('active', '=', true)
    .orderBy('code')
    .execute();
}

/** Public: centres with at least one active window. */
export async function listCentresWithWindows(db: Db) {
  return db
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

export async function upsertPeakDay(tx: Tx, input: PeakDay) {
  await tx
    .insertInto('appointment_peak_days')
    .values({
      department_id: input.departmentId,
      day: input.day,
      extra_capacity: input.extraCapacity,
      reason: input.reason,
    })
    .onConflict((oc) =>
      oc.columns(['department_id', 'day']).doUpdateSet({ extra_capacity: input.extraCapacity, reason: input.reason }),
    )
    .execute();
}

/** Slots already made for a peak day grow with the plan (once: `peak` marks them). */
export async function growSlotsForPeakDay(tx: Tx, departmentId: string, day: string, extraCapacity: number) {
  await tx
    .updateTable('appointment_slots')
    .set((eb) => ({ capacity: eb('capacity', '+', extraCapacity), peak: true }))
    .where('day', '=', day)
    .where('peak', '=', false)
    .where('window_id', 'in', (eb) =>
      eb.selectFrom('centre_windows').select('id').where('department_id', '=', departmentId),
    )
    .execute();
}

export async function listActiveWindowIds(tx: Tx, departmentId: string, windowIds: string[] | undefined) {
  return tx
    .selectFrom('centre_windows')
    .select('id')
    .where('department_id', '=', departmentId)
    .where('active', '=', true)
    .$if(!!windowIds, (q) => q.where('id', 'in', windowIds!))
    .execute();
}

export async function listPeakDays(tx: Tx, departmentId: string, from: string, to: string) {
  return tx
    .selectFrom('appointment_peak_days')
    .select(['day', 'extra_capacity'])
    .where('department_id', '=', departmentId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

/** Inserts the slots that do not exist yet (in batches of 500); returns how many were made. */
export async function insertMissingSlots(tx: Tx, rows: ReturnType<typeof planSlots>) {
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
  return created;
}

/** Public: open slots of a centre for an item, from a day on, at windows that serve it. */
export async function listOpenSlots(
  db: Db,
  departmentId: string,
  itemCode: string,
  start: string,
  to: string | undefined,
  now: { today: string; time: string },
) {
  return (
    db
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
      // a slot of today that has ended can no longer be booked (appointments.service refuses it): not offered
      .where((eb) => eb.or([eb('s.day', '<>', now.today), eb('s.ends_at', '>', now.time)]))
      .orderBy('s.day')
      .orderBy('s.starts_at')
      .orderBy('w.code')
      .limit(300)
      .execute()
  );
}

/**
 * Takes one place with a guarded UPDATE (concurrent bookings queue on the row): undefined when the slot
 * is full, past (a day before today, or today's slot whose end has come by `now`, HH:MM), unknown or at
 * a window that does not serve the item.
 */
export async function takeSlotPlace(tx: Tx, slotId: string, itemCode: string, today: string, now: string) {
  return tx
    .updateTable('appointment_slots as s')
    .set((eb) => ({ booked: eb('s.booked', '+', 1) }))
    .from('centre_windows as w')
    .whereRef('w.id', '=', 's.window_id')
    .where('s.id', '=', slotId)
    .whereRef('s.booked', '<', 's.capacity')
    .where('s.day', '>=', today)
    .where((eb) => eb.or([eb('s.day', '>', today), eb('s.ends_at', '>', now)]))
    .where((eb) => eb.or([sql<boolean>`cardinality(w.item_codes) = 0`, sql<boolean>`${itemCode} = ANY(w.item_codes)`]))
    .returning(['s.day', 's.starts_at', 's.ends_at', 'w.department_id', 'w.name as window_name'])
    .executeTakeFirst();
}

export async function findSlotWithWindow(tx: Tx, slotId: string) {
  return tx
    .selectFrom('appointment_slots as s')
    .innerJoin('centre_windows as w', 'w.id', 's.window_id')
    .select(['s.day', 's.starts_at', 's.ends_at', 's.booked', 's.capacity', 'w.item_codes'])
    .where('s.id', '=', slotId)
    .executeTakeFirst();
}

export async function releaseSlotPlace(tx: Tx, slotId: string) {
  await tx
    .updateTable('appointment_slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('id', '=', slotId)
    .execute();
}
