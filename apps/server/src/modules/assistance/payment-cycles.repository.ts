import type { Insertable, Updateable } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { PaymentCyclesTable, PaymentFilesTable } from './assistance.schema.ts';

/** The division a cycle is drafted for, with its path (the cycle covers its subtree); only inside the scope. */
export async function findDivisionInScope(db: Executor, code: string, scope: Scope) {
  return db
    .selectFrom('divisions')
    .select(['code', 'path'])
    .where('code', '=', code)
    .where(inScope(scope, { division: 'divisions.code' }))
    .executeTakeFirst();
}

/** The cycle already drafted for a programme, division and period, if any (there is one at most). */
export async function findCycleFor(db: Executor, programme: string, divisionCode: string, period: string) {
  return db
    .selectFrom('payment_cycles')
    .select(['id', 'number'])
    .where('programme', '=', programme)
    .where('division_code', '=', divisionCode)
    .where('period', '=', period)
    .executeTakeFirst();
}

export async function insertCycle(tx: Tx, values: Insertable<PaymentCyclesTable>) {
  return tx.insertInto('payment_cycles').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateCycle(tx: Tx, cycleId: string, values: Updateable<PaymentCyclesTable>) {
  await tx.updateTable('payment_cycles').set(values).where('id', '=', cycleId).execute();
}

/** The cycle row, locked for approval or export, only inside the scope. */
export async function lockCycleInScope(tx: Tx, cycleId: string, scope: Scope) {
  return tx
    .selectFrom('payment_cycles')
    .selectAll()
    .where('id', '=', cycleId)
    .where(inScope(scope, { division: 'payment_cycles.division_code' }))
    .forUpdate()
    .executeTakeFirst();
}

export async function listCyclesInScope(db: Executor, scope: Scope, programme?: string) {
  return db
    .selectFrom('payment_cycles as c')
    .innerJoin('divisions as d', 'd.code', 'c.division_code')
    .select([
      'c.id',
      'c.number',
      'c.programme',
      'c.division_code',
      'd.name as divisionName',
      'c.period',
      'c.status',
      'c.payment_count',
      'c.total_fen',
      'c.prepared_at',
      'c.approved_at',
    ])
    .where(inScope(scope, { division: 'c.division_code' }))
    .$if(!!programme, (q) => q.where('c.programme', '=', programme!))
    .orderBy('c.period', 'desc')
    .orderBy('c.number', 'desc')
    .limit(200)
    .execute();
}

export async function findCycleInScope(db: Executor, cycleId: string, scope: Scope) {
  return db
    .selectFrom('payment_cycles as c')
    .innerJoin('divisions as d', 'd.code', 'c.division_code')
    .leftJoin('users as pu', 'pu.id', 'c.prepared_by')
    .leftJoin('users as au', 'au.id', 'c.approved_by')
    .select([
      'c.id',
      'c.number',
      'c.programme',
      'c.division_code',
      'd.name as divisionName',
      'd.path as divisionPath',
      'c.period',
      'c.status',
      'c.payment_count',
      'c.total_fen',
      'c.prepared_at',
      'c.approved_at',
      'c.prepared_by',
      'pu.display_name as preparedByName',
      'au.display_name as approvedByName',
    ])
    .where('c.id', '=', cycleId)
    .where(inScope(scope, { division: 'c.division_code' }))
    .executeTakeFirst();
}

export async function insertPaymentFile(tx: Tx, values: Insertable<PaymentFilesTable>) {
  return tx.insertInto('payment_files').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updatePaymentFile(tx: Tx, fileId: string, values: Updateable<PaymentFilesTable>) {
  await tx.updateTable('payment_files').set(values).where('id', '=', fileId).execute();
}

/** The cycle's file not yet sent to the bank, if any: by cycle id, after lockCycleInScope. */
export async function findUnsentFileById(tx: Tx, cycleId: string) {
  return tx
    .selectFrom('payment_files')
    .select(['id', 'seq', 'payment_count', 'total_fen'])
    .where('cycle_id', '=', cycleId)
    .where('exported_at', 'is', null)
    .executeTakeFirst();
}

/** The highest file number of a cycle (0 when none): by cycle id, after lockCycleInScope. */
export async function lastFileSeqById(tx: Tx, cycleId: string): Promise<number> {
  return Number(
    (
      await tx
        .selectFrom('payment_files')
        .select((e) => e.fn.max('seq').as('m'))
        .where('cycle_id', '=', cycleId)
        .executeTakeFirst()
    )?.m ?? 0,
  );
}

/** A bank file with its cycle, to download, only inside the scope. */
export async function findFileInScope(db: Executor, fileId: string, scope: Scope) {
  return db
    .selectFrom('payment_files as f')
    .innerJoin('payment_cycles as c', 'c.id', 'f.cycle_id')
    .select(['f.id', 'f.seq', 'f.bank_template', 'c.number', 'c.programme', 'c.period', 'c.division_code'])
    .where('f.id', '=', fileId)
    .where(inScope(scope, { division: 'c.division_code' }))
    .executeTakeFirst();
}

/** A bank file with its control totals, locked while its return is imported, only inside the scope. */
export async function lockFileInScope(tx: Tx, fileId: string, scope: Scope) {
  return tx
    .selectFrom('payment_files as f')
    .innerJoin('payment_cycles as c', 'c.id', 'f.cycle_id')
    .select(['f.id', 'f.payment_count', 'f.total_fen', 'f.returned_at', 'f.exported_at', 'c.number', 'c.division_code'])
    .where('f.id', '=', fileId)
    .where(inScope(scope, { division: 'c.division_code' }))
    .forUpdate('f')
    .executeTakeFirst();
}

/** A cycle's bank files: by cycle id, after findCycleInScope. */
export async function cycleFilesById(db: Executor, cycleId: string) {
  return db
    .selectFrom('payment_files')
    .select(['id', 'seq', 'bank_template', 'payment_count', 'total_fen', 'exported_at', 'returned_at'])
    .where('cycle_id', '=', cycleId)
    .orderBy('seq')
    .execute();
}
