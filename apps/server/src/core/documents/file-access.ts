import { sql } from 'kysely';
import type { Scope } from '../auth/actor.ts';
import { inScope } from '../auth/jurisdiction.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

/**
 * Who may do what with a stored file. Files are content-addressed (SM3), so a hash is no secret:
 * it shows in case histories, exports and logs. Knowing one must give nothing, so
 * - a file is attached to a record only by someone who uploaded those bytes themselves, and
 * - a file is read only through the record that holds it, the record found with the reader's
 *   jurisdiction (or, for a resident, her own phone) in the same query — never by hash alone.
 * A refusal is always 404, so it does not tell whether the file exists.
 */
export type Uploader = { userId: string } | { residentPhoneBidx: Buffer };

const NO_FILE = () => new AppError(404, 'not_found', '文件不存在或无权查看', 'File not found or not yours to see');

/** Kept with every upload (the same bytes uploaded by two people are stored once and owned by both). */
export async function recordUpload(db: Executor, hash: string, by: Uploader) {
  await db
    .insertInto('attachment_uploads')
    .values({ hash, ...('userId' in by ? { user_id: by.userId } : { resident_phone_bidx: by.residentPhoneBidx }) })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The hashes among these that this uploader did not upload. */
export async function notUploadedBy(db: Executor, hashes: string[], by: Uploader | null): Promise<string[]> {
  if (hashes.length === 0) return [];
  if (!by) return hashes;
  const rows = await db
    .selectFrom('attachment_uploads')
    .select('hash')
    .where('hash', 'in', hashes)
    .where((eb) =>
      'userId' in by ? eb('user_id', '=', by.userId) : eb('resident_phone_bidx', '=', by.residentPhoneBidx),
    )
    .execute();
  const owned = new Set(rows.map((r) => r.hash));
  return hashes.filter((h) => !owned.has(h));
}

const caseReach = (scope: Scope) =>
  inScope(scope, {
    department: 'c.owning_department_id',
    assisting: 'c.assisting_department_ids',
    division: 'c.division_code',
  });

/** An attachment of a case the reader may see: the case, its action carrying the file and the reach, in one query. */
export async function caseAttachment(db: Executor, scope: Scope, caseId: string, hash: string) {
  const row = await db
    .selectFrom('case_actions as x')
    .innerJoin('cases as c', 'c.id', 'x.case_id')
    .innerJoin('attachments as f', (j) => j.on('f.hash', '=', hash))
    .select('f.mime')
    .where('x.case_id', '=', caseId)
    .where(sql<boolean>`x.attachments @> ${JSON.stringify([{ hash }])}::jsonb`)
    .where(caseReach(scope))
    .limit(1)
    .executeTakeFirst();
  if (!row) throw NO_FILE();
  return row;
}

/** A numbered document of a case the reader may see, found with the reach in the query. */
export async function caseDocument(db: Executor, scope: Scope, documentId: string) {
  const row = await db
    .selectFrom('documents as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select(['d.id', 'd.number'])
    .where('d.id', '=', documentId)
    .where(caseReach(scope))
    .executeTakeFirst();
  if (!row) throw NO_FILE();
  return row;
}
