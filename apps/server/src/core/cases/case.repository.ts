import { type CompiledQuery, type Selectable, sql } from 'kysely';
import type { Scope } from '../auth/actor.ts';
import { inScope } from '../auth/jurisdiction.ts';
import { type AuditEntry, auditColumns } from '../audit/audit.ts';
import type { Executor } from '../db/database.ts';
import type { CasesTable } from '../db/schema.ts';
import { notUploadedBy, type Uploader } from '../documents/file-access.ts';
import { badInput } from '../errors.ts';
import type { DerivedCase, LoggedAction } from './derive.ts';

/** The log as the locking query brings it (JSON: the time as text). */
type LogJson = Array<{
  seq: number;
  action: string;
  at: string;
  actor_id: string | null;
  actor_department_id: string | null;
  inputs: Record<string, unknown>;
}>;

/**
 * Locks the case row, found only inside the actor's read scope; brings the division path for finer
 * checks and the case's log, in one round trip. The log is read with the statement's snapshot: if
 * the row was changed by a transaction that committed while this one waited for its lock, the row
 * is the new one but the log is not, so the log is returned only when it holds as many entries as
 * the row's version counts (else undefined: the caller reads it again with `readLog`). Given
 * `sequences`, it also takes a serial from each of its case type's (in their order): the numbers
 * of the documents the action will issue, when those come from a sequence (a receipt's).
 */
export async function lockCaseInScope(
  tx: Executor,
  caseId: string,
  scope: Scope,
  /** by case type, the sequences to take a serial from in the same round trip (`documentSequences`) */
  sequences?: Readonly<Record<string, readonly string[]>>,
) {
  const found = await tx
    .selectFrom('cases as c')
    .innerJoin('divisions as d', 'd.code', 'c.division_code')
    .selectAll('c')
    .select('d.path as division_path')
    .select(
      sql<LogJson>`(SELECT coalesce(json_agg(json_build_object('seq', a.seq, 'action', a.action, 'at', a.at,
        'actor_id', a.actor_id, 'actor_department_id', a.actor_department_id, 'inputs', a.inputs) ORDER BY a.seq), '[]')
        FROM case_actions a WHERE a.case_id = c.id)`.as('log'),
    )
    .$if(!!sequences, (q) =>
      q.select(
        sql<string[] | null>`(SELECT array_agg(nextval(t.s::regclass) ORDER BY t.o)
          FROM jsonb_array_elements_text(${JSON.stringify(sequences)}::jsonb -> c.type_code) WITH ORDINALITY AS t(s, o))`.as(
          'serials',
        ),
      ),
    )
    .where('c.id', '=', caseId)
    .where(
      inScope(scope, {
        department: 'c.owning_department_id',
        assisting: 'c.assisting_department_ids',
        division: 'c.division_code',
      }),
    )
    .forUpdate('c')
    .executeTakeFirst();
  if (!found) return undefined;
  const { log, serials, ...row } = found;
  const current = log.length === row.version && log.every((a, i) => a.seq === i + 1);
  return {
    row,
    serials: (serials ?? []).map(Number),
    log: current
      ? log.map((a): LoggedAction => ({
          seq: a.seq,
          action: a.action,
          at: new Date(a.at),
          actorId: a.actor_id,
          actorDepartmentId: a.actor_department_id,
          inputs: a.inputs,
        }))
      : undefined,
  };
}

export async function findCaseInScope(db: Executor, caseId: string, scope: Scope) {
  return db
    .selectFrom('cases as c')
    .selectAll('c')
    .where('c.id', '=', caseId)
    .where(
      inScope(scope, {
        department: 'c.owning_department_id',
        assisting: 'c.assisting_department_ids',
        division: 'c.division_code',
      }),
    )
    .executeTakeFirst();
}

export async function readLog(db: Executor, caseId: string): Promise<LoggedAction[]> {
  const rows = await db
    .selectFrom('case_actions')
    .select(['seq', 'action', 'at', 'actor_id', 'actor_department_id', 'inputs'])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    action: r.action,
    at: r.at,
    actorId: r.actor_id,
    actorDepartmentId: r.actor_department_id,
    inputs: r.inputs,
  }));
}

export async function readHistory(db: Executor, caseId: string) {
  return db
    .selectFrom('case_actions as a')
    .leftJoin('departments as d', 'd.id', 'a.actor_department_id')
    .select([
      'a.seq',
      'a.action',
      'a.at',
      'a.actor_name',
      'a.actor_role',
      'd.name as department',
      'a.inputs',
      'a.opinion',
      'a.attachments',
    ])
    .where('a.case_id', '=', caseId)
    .orderBy('a.seq')
    .execute();
}

export interface NewAction {
  caseId: string;
  seq: number;
  action: string;
  at: Date;
  actorId: string | null;
  actorName: string;
  actorRole: string | null;
  actorDepartmentId: string | null;
  inputs: Record<string, unknown>;
  opinion: string | null;
  attachments: Array<{ hash: string; name: string; size: number; mime: string }>;
}

export type AttachedFile = NewAction['attachments'][number];

/**
 * Uploaded files (by hash) as an action records them; refused if one was never uploaded by `by`
 * (a hash is no secret: attaching someone else's file to one's own case would open it to oneself)
 * or, where `allowedMimes` is given, is not of an allowed kind (a resident's complaint takes photos only).
 */
export async function attachedFiles(
  db: Executor,
  hashes: string[],
  by: Uploader | null,
  allowedMimes?: string[],
): Promise<AttachedFile[]> {
  if (hashes.length === 0) return [];
  if ((await notUploadedBy(db, hashes, by)).length)
    throw badInput('attachments', '附件不存在，请先上传', 'Attachment not found; upload it first');
  const rows = await db
    .selectFrom('attachments')
    .select(['hash', 'size', 'mime'])
    .where('hash', 'in', hashes)
    .execute();
  if (hashes.some((h) => !rows.some((r) => r.hash === h)))
    throw badInput('attachments', '附件不存在，请先上传', 'Attachment not found; upload it first');
  if (allowedMimes && rows.some((r) => !allowedMimes.includes(r.mime)))
    throw badInput('attachments', '只能附照片（PNG 或 JPEG）', 'Only photos (PNG or JPEG) may be attached');
  return rows.map((r) => ({ hash: r.hash, size: r.size, mime: r.mime, name: r.hash.slice(0, 12) }));
}

const actionRow = (a: NewAction) => ({
  case_id: a.caseId,
  seq: a.seq,
  action: a.action,
  at: a.at,
  actor_id: a.actorId,
  actor_name: a.actorName,
  actor_role: a.actorRole,
  actor_department_id: a.actorDepartmentId,
  inputs: JSON.stringify(a.inputs),
  opinion: a.opinion,
  attachments: JSON.stringify(a.attachments),
});

/** The only writer of the case log: appended by the pipeline, an opening, or a bulk opening (the log is never updated). */
export async function insertActions(tx: Executor, actions: NewAction[]) {
  if (actions.length === 0) return;
  await tx.insertInto('case_actions').values(actions.map(actionRow)).execute();
}

/**
 * An action appended to the log and the case's derived columns written again: the two writes, not
 * sent (the pipeline sends them in one statement with the action's documents and audit entry).
 */
export function appendAndDerive(tx: Executor, a: NewAction, d: DerivedCase): CompiledQuery[] {
  return [
    tx.insertInto('case_actions').values(actionRow(a)).compile(),
    tx.updateTable('cases').set(derivedColumns(d)).where('id', '=', a.caseId).compile(),
  ];
}

export const derivedColumns = (d: DerivedCase) => ({
  status: d.status,
  is_open: d.isOpen,
  flags: d.flags,
  owning_department_id: d.owningDepartmentId,
  lead_department_id: d.leadDepartmentId,
  assisting_department_ids: d.assistingDepartmentIds,
  assignee_id: d.assigneeId,
  data: JSON.stringify(d.data),
  clocks: JSON.stringify(d.clocks),
  due_date: d.dueDate,
  due_soon_date: d.dueSoonDate,
  due_state: d.dueState,
  version: d.version,
  closed_at: d.closedAt,
});

/**
 * A new case, the first entry of its log and its audit entry in one statement, numbered inside that
 * same statement from the sequence of its prefix and year (`next_case_serial`, migration 030): unique
 * and increasing, not gap-free (a case number is no official number), so nothing is locked until
 * COMMIT and openings do not queue behind each other. The number is `formatNumber`'s, written in SQL.
 */
export async function insertNumberedCase(
  tx: Executor,
  counter: { prefix: string; year: number },
  values: Record<string, unknown>,
  opening: Omit<NewAction, 'caseId'>,
  audit: Omit<AuditEntry, 'targetType' | 'targetId' | 'divisionCode'>,
) {
  const cols = Object.keys(values).map((c) => sql.ref(c));
  const actionRow = {
    seq: opening.seq,
    action: opening.action,
    at: opening.at,
    actor_id: opening.actorId,
    actor_name: opening.actorName,
    actor_role: opening.actorRole,
    actor_department_id: opening.actorDepartmentId,
    inputs: opening.inputs,
    opinion: opening.opinion,
    attachments: opening.attachments,
  };
  const actionCols = Object.keys(actionRow).map((c) => sql.ref(c));
  // the audit entry as recordAudit writes it (audit.ts), with the case's id, division and number from this
  // statement; its details stay an object here, to be merged with the number
  const auditRow = { ...auditColumns({ ...audit, targetType: 'case' }), details: audit.details ?? {} };
  const { rows } = await sql<Selectable<CasesTable>>`
    WITH seq AS (
      SELECT next_case_serial(${counter.prefix}, ${counter.year}) AS serial
    ), c AS (
      INSERT INTO cases (number, ${sql.join(cols)})
      SELECT ${`${counter.prefix}-${counter.year}-`}::text
               || CASE WHEN seq.serial < 1000000 THEN lpad(seq.serial::text, 6, '0') ELSE seq.serial::text END,
             ${sql.join(cols.map((c) => sql`r.${c}`))}
      FROM seq, jsonb_populate_record(null::cases, ${JSON.stringify(values)}::jsonb) r
      RETURNING *
    ), a AS (
      INSERT INTO case_actions (case_id, ${sql.join(actionCols)})
      SELECT c.id, ${sql.join(actionCols.map((col) => sql`r.${col}`))}
      FROM c, jsonb_populate_record(null::case_actions, ${JSON.stringify(actionRow)}::jsonb) r
    ), au AS (
      INSERT INTO audit_log (actor_id, actor_name, action, target_type, ip, socket_ip, target_id, division_code, details)
      SELECT r.actor_id, r.actor_name, r.action, r.target_type, r.ip, r.socket_ip, c.id, c.division_code,
             r.details || jsonb_build_object('number', c.number)
      FROM c, jsonb_populate_record(null::audit_log, ${JSON.stringify(auditRow)}::jsonb) r
    )
    SELECT * FROM c`.execute(tx);
  return rows[0]!;
}

/** `n` serials for case numbers PREFIX-YEAR-…, in increasing order (not necessarily consecutive). */
export async function nextCaseSerials(tx: Executor, prefix: string, year: number, n: number): Promise<number[]> {
  const { rows } = await sql<{ serial: string }>`
    SELECT next_case_serial(${prefix}, ${year}) AS serial FROM generate_series(1, ${n}::int)`.execute(tx);
  return rows.map((r) => Number(r.serial)).sort((a, b) => a - b);
}

export async function writeDerived(tx: Executor, caseId: string, d: DerivedCase) {
  await tx.updateTable('cases').set(derivedColumns(d)).where('id', '=', caseId).execute();
}

/** Claims an idempotency key; false when it was already used (its first response is then returned). */
export async function claimIdempotencyKey(tx: Executor, actorId: string, key: string): Promise<boolean> {
  const r = await tx
    .insertInto('idempotency_keys')
    .values({ actor_id: actorId, key, response: null })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  return !!r;
}

export async function storedResponse(db: Executor, actorId: string, key: string) {
  const r = await db
    .selectFrom('idempotency_keys')
    .select('response')
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .executeTakeFirst();
  return r?.response ?? undefined;
}

export async function saveResponse(tx: Executor, actorId: string, key: string, response: unknown) {
  await tx
    .updateTable('idempotency_keys')
    .set({ response: JSON.stringify(response) })
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .execute();
}

export async function nowFromDb(tx: Executor): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(tx);
  return new Date(Math.floor(rows[0]!.now.getTime()));
}
