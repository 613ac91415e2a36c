import { randomInt, randomUUID } from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import type PgBoss from 'pg-boss';
import { canonicalJson } from '../audit/canonical.ts';
import { sm3Hex } from '../crypto/sm.ts';
import type { Db, Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { jobInsert } from '../jobs/jobs.ts';
import { yearOf } from '../time.ts';
import type { FileStore } from './file-store.ts';
import { formatNumber, nextDocumentSerial } from './numbering.ts';
import { type DocumentContent, renderDocumentPdf } from './pdf.ts';

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I

export function newVerificationCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** A document as its issuer hands it back. */
export interface IssuedDocument {
  id: string;
  number: string;
  kind: string;
  title: string;
  verificationCode: string;
}

export interface IssueRequest {
  kind: string;
  /** number prefix, e.g. SL for 受理回执 */
  prefix: string;
  caseId: string | null;
  issuerDepartmentId: string;
  /** business date of issue (Asia/Shanghai); its year numbers the document */
  issuedOn: string;
  build: (number: string) => DocumentContent;
}

export class DocumentService {
  constructor(
    private readonly db: Db,
    private readonly files: FileStore,
    private readonly publicUrl: () => string,
    private readonly boss?: PgBoss,
  ) {}

  verificationUrl(code: string) {
    // the portal's page, which asks the API and shows the answer to whoever scanned the QR code
    return `${this.publicUrl()}/verify/${code}`;
  }

  /** Inside the caller's transaction: number, content and hash now; the PDF is rendered by the worker. */
  async issue(tx: Executor, req: IssueRequest) {
    const { document, writes } = await this.prepareIssue(tx, req);
    for (const write of writes) await tx.executeQuery(write);
    return document;
  }

  /**
   * What `issue` does, with its writes (the document's row, its rendering job) returned, not sent: a
   * command that writes everything in one statement sends them with its own. The id is made here so
   * that the job can name the document without waiting for the insert. The number is taken now unless
   * the caller took it already (`serial`: a receipt's, from its sequence, in an earlier statement);
   * a gap-free number's counter stays locked until the caller's transaction ends.
   */
  async prepareIssue(
    tx: Executor,
    req: IssueRequest,
    serial?: number,
  ): Promise<{ document: IssuedDocument; writes: CompiledQuery[] }> {
    const year = yearOf(req.issuedOn);
    const number = formatNumber(req.prefix, year, serial ?? (await nextDocumentSerial(tx, req.kind, year)));
    const content = req.build(number);
    const id = randomUUID();
    const verificationCode = newVerificationCode();
    const insert = tx
      .insertInto('documents')
      .values({
        id,
        number,
        kind: req.kind,
        title: content.title,
        case_id: req.caseId,
        issuer_department_id: req.issuerDepartmentId,
        verification_code: verificationCode,
        content: JSON.stringify(content),
        content_hash: sm3Hex(canonicalJson(content)),
      })
      .compile();
    const writes = [insert];
    if (this.boss) writes.push(await jobInsert(this.boss, 'document.render', { documentId: id }));
    return { document: { id, number, kind: req.kind, title: content.title, verificationCode }, writes };
  }

  /** Renders once and keeps the file; later calls read it back. Safe to run twice. */
  async pdf(documentId: string): Promise<Buffer> {
    const doc = await this.db.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirst();
    if (!doc) throw new AppError(404, 'not_found', '文书不存在', 'Document not found');
    if (doc.file_hash) return this.files.get(doc.file_hash);
    const bytes = await renderDocumentPdf(
      doc.content as unknown as DocumentContent,
      { code: doc.verification_code, url: this.verificationUrl(doc.verification_code) },
      doc.issued_at,
    );
    const stored = await this.files.put(this.db, bytes, ['application/pdf']);
    await this.db
      .updateTable('documents')
      .set({ file_hash: stored.hash })
      .where('id', '=', documentId)
      .where('file_hash', 'is', null)
      .execute();
    return bytes;
  }

  /** Public check of a printed document: number, issuer, date and content hash. */
  async verify(code: string) {
    const doc = await this.db
      .selectFrom('documents as d')
      .innerJoin('departments as p', 'p.id', 'd.issuer_department_id')
      .leftJoin('cases as c', 'c.id', 'd.case_id')
      .select([
        'd.number',
        'd.kind',
        'd.title',
        'd.issued_at',
        'd.content_hash',
        'p.name as issuer',
        'c.number as case_number',
      ])
      .where('d.verification_code', '=', code.toUpperCase())
      .executeTakeFirst();
    if (!doc)
      throw new AppError(
        404,
        'document_not_found',
        '未找到该验证码对应的文书，文书可能是伪造的',
        'No document has this verification code; it may be forged',
      );
    return {
      number: doc.number,
      kind: doc.kind,
      title: doc.title,
      issuer: doc.issuer,
      issuedAt: doc.issued_at.toISOString(),
      contentHash: doc.content_hash,
      caseNumber: doc.case_number,
    };
  }
}
