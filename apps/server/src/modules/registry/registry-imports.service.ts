import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ImportPreview, ImportRecord, ImportSummary, RegistryConflict } from '@grassroots/contracts';
import { type Actor, requirePermission, requireScope } from '../../core/auth/actor.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { writeSheet } from '../../core/documents/spreadsheet.ts';
import type { UploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError } from '../../core/errors.ts';
import { IMPORT_FIELDS, previewRows } from './import-reader.ts';
import type { ImportTarget } from './registry-import.support.ts';
import { importPersons } from './registry.import.ts';
import {
  findImportErrorsInScope,
  findImportInScope,
  getDepartmentCode,
  listOpenConflictsInScope,
} from './registry.repository.ts';
import { personScope } from './registry.service.ts';

/** An uploaded import file: its name, its bytes as they arrive, and the multipart fields sent before it. */
export interface ImportUpload {
  fileName: string;
  file: Readable;
  /** mode=all_or_nothing|good_rows, source=department code, mapping=JSON of heading → field */
  fields: { mode?: string | undefined; source?: string | undefined; mapping?: string | undefined };
}

/** How many errors a summary carries; the report (CSV) has them all. */
const ERRORS_SHOWN = 100;

function importFormatOf(fileName: string): 'csv' | 'xlsx' {
  const format = /\.xlsx$/i.test(fileName) ? 'xlsx' : /\.csv$/i.test(fileName) ? 'csv' : undefined;
  if (!format)
    throw new AppError(415, 'unsupported_file_type', '只接受 .csv 或 .xlsx 文件', 'Only .csv or .xlsx files', 'file');
  return format;
}

const Mapping = z.record(z.string().max(100), z.string().max(40));
function parseMapping(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const r = Mapping.safeParse(parsed);
  if (!r.success)
    throw new AppError(
      400,
      'invalid_mapping',
      '列对应关系格式不正确',
      'The column mapping must be a JSON object of heading → field',
      'mapping',
    );
  return r.data;
}

const importNotFound = () =>
  new AppError(404, 'not_found', '导入记录不存在或不在您的辖区内', 'Import not found or outside your jurisdiction');

/**
 * Bulk imports of persons (批量导入): the preview the wizard shows, the import itself, its record and error
 * report, and the conflicting values imports left for review. An import of another county is "not found".
 */
export class RegistryImportService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    /** the whole database when there is one: on the PostgreSQL server the import loads by COPY */
    private readonly target: ImportTarget = db,
  ) {}

  /** The heading, the first rows and the suggested mapping of a file; nothing is stored. */
  async preview(actor: Actor, upload: Omit<ImportUpload, 'fields'>, limits: UploadLimits): Promise<ImportPreview> {
    requirePermission(actor, 'registry.import');
    const preview = await previewRows(upload.file, importFormatOf(upload.fileName), 5, limits);
    return { ...preview, fields: IMPORT_FIELDS };
  }

  /** Runs an import; `status` says whether it was applied or rejected (the route answers 201 or 422). */
  async run(actor: Actor, upload: ImportUpload, limits: UploadLimits): Promise<ImportSummary> {
    const format = importFormatOf(upload.fileName);
    const source = upload.fields.source ?? (await getDepartmentCode(this.db, actor.departmentId)).code;
    const summary = await importPersons(this.target, this.cipher, actor, upload.file, {
      format,
      fileName: upload.fileName,
      source,
      goodRows: upload.fields.mode === 'good_rows',
      mapping: parseMapping(upload.fields.mapping),
      limits,
    });
    return {
      ...summary,
      errors: summary.errors.slice(0, ERRORS_SHOWN),
      errorReport: `/api/v1/imports/${summary.id}/errors.csv`,
    };
  }

  async get(actor: Actor, id: string): Promise<ImportRecord> {
    const row = await findImportInScope(this.db, id, requireScope(actor, 'registry.import'));
    if (!row) throw importNotFound();
    return { ...row, errors: row.errors.slice(0, ERRORS_SHOWN) };
  }

  /** Every bad row of an import, as CSV: line, field, reason. */
  async errorReport(actor: Actor, id: string): Promise<Buffer> {
    const row = await findImportErrorsInScope(this.db, id, requireScope(actor, 'registry.import'));
    if (!row) throw importNotFound();
    return writeSheet(
      'csv',
      'errors',
      ['行号 line', '字段 field', '原因 reason'],
      row.errors.map((e) => [e.line, e.field, e.reason]),
    );
  }

  /** Open conflicts of persons in the actor's reach, oldest first. */
  async conflicts(actor: Actor): Promise<RegistryConflict[]> {
    return listOpenConflictsInScope(this.db, personScope(actor, 'person.write'));
  }
}
