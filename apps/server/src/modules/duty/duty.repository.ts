import type { Insertable } from 'kysely';
import type { Db, Executor, Tx } from '../../core/db/database.ts';
import type { DutyLogEntriesTable, DutyRotaTable } from './duty.schema.ts';

/**
 * 值日制、值日簿: the rota and the day's log. Reads take no scope: every one names a department the
 * service has already checked against the actor's scope (requireDepartment), hence `…InDepartment`.
 */

/** The leaders named for a rota that exist and are active (users is read only: the core owns it). */
export async function listActiveLeaders(tx: Tx, leaderIds: string[]) {
  return tx.selectFrom('users').select('id').where('id', 'in', leaderIds).where('active', '=', true).execute();
}

/** Who was last on duty before a day, so that a new rota continues the turn. */
export async function findLastLeaderBefore(tx: Tx, departmentId: string, day: string) {
  return tx
    .selectFrom('duty_rota')
    .select('leader_id')
    .where('department_id', '=', departmentId)
    .where('day', '<', day)
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A regenerated day takes the new leader and loses its swap mark. */
export async function upsertRotaDays(tx: Tx, rows: Array<Insertable<DutyRotaTable>>) {
  await tx
    .insertInto('duty_rota')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['department_id', 'day'])
        .doUpdateSet((eb) => ({ leader_id: eb.ref('excluded.leader_id'), swapped: false })),
    )
    .execute();
}

/** Locks the rota days of a swap, so that two swaps of the same day wait for each other. */
export async function lockRotaDays(tx: Tx, departmentId: string, days: string[]) {
  return tx
    .selectFrom('duty_rota')
    .select(['day', 'leader_id'])
    .where('department_id', '=', departmentId)
    .where('day', 'in', days)
    .forUpdate()
    .execute();
}

export async function setSwappedLeader(tx: Tx, departmentId: string, day: string, leaderId: string) {
  await tx
    .updateTable('duty_rota')
    .set({ leader_id: leaderId, swapped: true })
    .where('department_id', '=', departmentId)
    .where('day', '=', day)
    .execute();
}

export async function listRotaInDepartment(db: Db, departmentId: string, from: string, to: string) {
  return db
    .selectFrom('duty_rota as r')
    .innerJoin('users as u', 'u.id', 'r.leader_id')
    .select(['r.day', 'r.leader_id as leaderId', 'u.display_name as leader', 'r.swapped'])
    .where('r.department_id', '=', departmentId)
    .where('r.day', '>=', from)
    .where('r.day', '<=', to)
    .orderBy('r.day')
    .execute();
}

/** Read before the permission check: the leader on duty may write the log without managing the rota. */
export async function findOnDuty(db: Db, departmentId: string, day: string) {
  return db
    .selectFrom('duty_rota')
    .select('leader_id')
    .where('department_id', '=', departmentId)
    .where('day', '=', day)
    .executeTakeFirst();
}

export async function getDepartmentDivision(db: Db, departmentId: string) {
  return db.selectFrom('departments').select('division_code').where('id', '=', departmentId).executeTakeFirstOrThrow();
}

/** Which of the codes are divisions under a prefix (the jurisdiction's township, 9 digits of the code). */
export async function listDivisionCodesUnder(db: Db, codes: string[], prefix: string) {
  return db
    .selectFrom('divisions')
    .select('code')
    .where('code', 'in', codes)
    .where('code', 'like', `${prefix}%`)
    .execute();
}

export async function insertLogEntry(tx: Tx, values: Insertable<DutyLogEntriesTable>) {
  return tx.insertInto('duty_log_entries').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function findLeaderNameOfDay(db: Db, departmentId: string, day: string) {
  return db
    .selectFrom('duty_rota as r')
    .innerJoin('users as u', 'u.id', 'r.leader_id')
    .select('u.display_name')
    .where('r.department_id', '=', departmentId)
    .where('r.day', '=', day)
    .executeTakeFirst();
}

/** Throws when the department does not exist (the caller checked it, so it does). */
export async function getDepartmentName(db: Executor, departmentId: string) {
  return db.selectFrom('departments').select('name').where('id', '=', departmentId).executeTakeFirstOrThrow();
}

export async function listLogEntriesInDepartment(db: Db, departmentId: string, day: string) {
  return db
    .selectFrom('duty_log_entries as e')
    .innerJoin('users as u', 'u.id', 'e.written_by')
    .select(['e.id', 'e.kind', 'e.at_time as atTime', 'e.text', 'e.details', 'u.display_name as writtenBy'])
    .where('e.department_id', '=', departmentId)
    .where('e.day', '=', day)
    .orderBy('e.at_time')
    .orderBy('e.id')
    .execute();
}

export async function listDivisionNames(db: Db, codes: string[]) {
  return db.selectFrom('divisions').select(['code', 'name']).where('code', 'in', codes).execute();
}
