import { sql } from 'kysely';
import type { Executor } from '../../core/db/database.ts';

// A resident's own matters on the portal. The phone she signed in with (its blind index) is her
// scope: every query here is filtered by it, so anyone else's matter is simply not found.

/** Her matters, newest first, with the reply, its result, her photos and the written notices she is owed. */
export async function listResidentMatters(db: Executor, phoneBidx: Buffer) {
  return db
    .selectFrom('complaints as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .innerJoin('complaint_categories as cat', 'cat.code', 'k.category_code')
    .select([
      'c.number',
      'c.status',
      'c.type_code',
      'c.due_date as dueDate',
      'cat.name as category',
      'k.description',
      'k.received_at as receivedAt',
      // a work order's reply, or a petition's written answer
      sql<
        string | null
      >`(SELECT coalesce(x.inputs->'fields'->>'reply', x.inputs->'fields'->>'answer') FROM case_actions x WHERE x.case_id = c.id AND x.action IN ('reply', 'answer') ORDER BY x.seq DESC LIMIT 1)`.as(
        'reply',
      ),
      sql<
        string | null
      >`(SELECT x.inputs->'fields'->>'result' FROM case_actions x WHERE x.case_id = c.id AND x.action = 'reply' ORDER BY x.seq DESC LIMIT 1)`.as(
        'result',
      ),
      sql<
        string[]
      >`(SELECT coalesce(jsonb_agg(f->>'hash'), '[]'::jsonb) FROM case_actions x, jsonb_array_elements(x.attachments) f WHERE x.case_id = c.id AND x.seq = 1)`.as(
        'photos',
      ),
      // the written notices she is owed (受理告知书, 处理意见书 …), each verifiable by its code
      sql<
        Array<{ id: string; number: string; title: string; verificationCode: string }>
      >`(SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'number', d.number, 'title', d.title, 'verificationCode', d.verification_code) ORDER BY d.issued_at), '[]'::jsonb) FROM documents d WHERE d.case_id = c.id)`.as(
        'documents',
      ),
    ])
    .where('k.complainant_phone_bidx', '=', phoneBidx)
    .orderBy('k.received_at', 'desc')
    .limit(50)
    .execute();
}

/** A matter by its case number, with the phone index on it: the caller compares it with hers. */
export async function findMatterByNumber(db: Executor, number: string) {
  return db
    .selectFrom('complaints as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .select(['c.id', 'k.complainant_phone_bidx', 'k.complainant_name'])
    .where('c.number', '=', number)
    .executeTakeFirst();
}

/** A written notice of her own matter: the matter, her phone on it and the document in one query. */
export async function findResidentDocument(db: Executor, number: string, documentId: string, phoneBidx: Buffer) {
  return db
    .selectFrom('documents as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .innerJoin('complaints as k', 'k.case_id', 'c.id')
    .select(['d.id', 'd.number'])
    .where('c.number', '=', number)
    .where('k.complainant_phone_bidx', '=', phoneBidx)
    .where('d.id', '=', documentId)
    .executeTakeFirst();
}

/** A photo she attached to her own matter (on its opening entry), with its type. */
export async function findResidentPhoto(db: Executor, number: string, hash: string, phoneBidx: Buffer) {
  return db
    .selectFrom('case_actions as x')
    .innerJoin('cases as c', 'c.id', 'x.case_id')
    .innerJoin('complaints as k', 'k.case_id', 'c.id')
    .innerJoin('attachments as f', (j) => j.on('f.hash', '=', hash))
    .select('f.mime')
    .where('c.number', '=', number)
    .where('k.complainant_phone_bidx', '=', phoneBidx)
    .where('x.seq', '=', 1)
    .where(sql<boolean>`x.attachments @> ${JSON.stringify([{ hash }])}::jsonb`)
    .executeTakeFirst();
}
