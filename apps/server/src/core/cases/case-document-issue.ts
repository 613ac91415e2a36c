import type { Tx } from '../db/database.ts';
import type { CompiledQuery } from 'kysely';
import type { DocumentService, IssuedDocument } from '../documents/documents.service.ts';
import { documentSequence } from '../documents/numbering.ts';
import { CASE_DOCUMENT_TEMPLATES } from './case-documents.ts';
import type { CaseType, CaseTypeRegistry } from './case-type.ts';
import type { DerivedCase } from './derive.ts';

/** The case as a document prints it. */
export interface DocumentCase {
  id: string;
  number: string;
  title: string;
  subject_name: string;
  query_code: string;
}

export type { IssuedDocument } from '../documents/documents.service.ts';

/**
 * Issues the documents an action produces, inside the action's transaction (the document service
 * numbers them and enqueues their rendering there too, so a refused action leaves no document). The
 * writes are handed back to the pipeline, which sends them with the action's other writes in one statement.
 */
export class CaseDocumentIssuer {
  constructor(
    private readonly types: CaseTypeRegistry,
    private readonly documents: DocumentService,
  ) {}

  /** The issuer is the department of whoever took the action (a township posts the notice of a case its community opened). */
  async prepare(
    tx: Tx,
    req: {
      kind: string;
      row: DocumentCase;
      type: CaseType;
      derived: DerivedCase;
      inputs: Record<string, unknown>;
      opinion: string | null;
      issuedOn: string;
      issuerDepartmentId: string;
      /** the number's serial when the pipeline took it already (a receipt's, with the case's lock) */
      serial?: number | undefined;
    },
  ): Promise<{ document: IssuedDocument; writes: CompiledQuery[] }> {
    const { kind, row, type, issuedOn, issuerDepartmentId } = req;
    const template = CASE_DOCUMENT_TEMPLATES[kind] ?? this.types.hooksOf(type.code).documents?.[kind];
    if (!template) throw new Error(`no document template ${kind}`);
    const dept = await this.department(tx, issuerDepartmentId);
    return this.documents.prepareIssue(
      tx,
      {
        kind,
        prefix: template.prefix,
        caseId: row.id,
        issuerDepartmentId,
        issuedOn,
        build: (number) =>
          template.build(
            {
              type,
              caseNumber: row.number,
              title: row.title,
              subjectName: row.subject_name,
              department: dept,
              derived: req.derived,
              fields: (req.inputs.fields as Record<string, unknown>) ?? {},
              opinion: req.opinion,
              issuedOn,
              queryCode: row.query_code,
            },
            number,
          ),
      },
      req.serial,
    );
  }

  /**
   * For each case type with `action`, the sequences its documents are numbered from, in the order
   * the action issues them (gap-free kinds left out: their counters are taken last, by `prepare`).
   * The pipeline takes these serials with the case's lock, sparing a round trip per receipt; an
   * action refused after the lock leaves a gap in the receipts' series, which the law allows
   * (migration 028). Undefined when no type's action issues such a document.
   */
  sequencesFor(action: string): Record<string, string[]> | undefined {
    let out: Record<string, string[]> | undefined;
    for (const type of this.types.all()) {
      const kinds = type.actions.find((a) => a.code === action)?.documents ?? [];
      const sequences = kinds.map(documentSequence).filter((s): s is string => !!s);
      if (sequences.length) (out ??= {})[type.code] = sequences;
    }
    return out;
  }

  /** Department names and phones change rarely: kept a minute, to spare a query per document. */
  private readonly departments = new Map<string, { name: string; phone: string | null; at: number }>();
  private async department(tx: Tx, id: string) {
    const cached = this.departments.get(id);
    if (cached && Date.now() - cached.at < 60_000) return cached;
    const row = await tx
      .selectFrom('departments')
      .select(['name', 'phone'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const entry = { ...row, at: Date.now() };
    this.departments.set(id, entry);
    return entry;
  }
}
