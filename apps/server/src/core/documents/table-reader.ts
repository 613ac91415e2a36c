import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { unneutralise } from './spreadsheet.ts';
import { DEFAULT_UPLOAD_LIMITS, fileTooLarge, isTooLarge, type UploadLimits } from './upload-limits.ts';
import { checkXlsxArchive } from './zip-guard.ts';

/** A data row of an uploaded table, with its line number (the heading is line 1). */
export interface SourceRow {
  line: number;
  cells: string[];
}

/** Hashes the bytes as they pass, so the file's SM3 is known when the last row has been read. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sm3');
  digest = '';
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.hash.update(chunk);
    done(null, chunk);
  }
  override _flush(done: TransformCallback) {
    this.digest = this.hash.digest('hex');
    done();
  }
}

/**
 * Decodes UTF-8 (with or without BOM) or GB18030, as Excel on Chinese Windows saves CSV. The
 * choice is made on the first chunk: bytes that are not valid UTF-8 mean GB18030.
 */
class DecodeStream extends Transform {
  private decoder?: TextDecoder;
  encoding?: 'utf-8' | 'gb18030';
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: string) => void) {
    if (!this.decoder) {
      let enc: 'utf-8' | 'gb18030' = 'utf-8';
      try {
        // stream mode: a multi-byte character cut at the chunk's end is not an error
        new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
      } catch {
        enc = 'gb18030';
      }
      this.encoding = enc;
      this.decoder = new TextDecoder(enc);
    }
    done(null, this.decoder.decode(chunk, { stream: true }));
  }
  override _flush(done: (err?: Error | null, data?: string) => void) {
    done(null, this.decoder?.decode() ?? '');
  }
}

/** Counts the bytes as they pass and refuses the file as soon as it is larger than allowed. */
class SizeLimit extends Transform {
  private bytes = 0;
  constructor(private readonly limits: UploadLimits) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxUploadBytes) done(fileTooLarge(this.limits));
    else done(null, chunk);
  }
}

/**
 * Streams the rows, turning a malformed file into a clear refusal that names the line. A file over
 * the size limit is refused whole (413) even when the upload layer cut it short without an error:
 * a cut file must never be imported as if it were all.
 */
export async function* readRows(
  input: Readable,
  format: 'csv' | 'xlsx',
  hashing: HashingStream,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): AsyncGenerator<{ header: string[] } | SourceRow> {
  try {
    yield* readRawRows(input, format, hashing, limits);
    if ((input as { truncated?: boolean }).truncated) throw fileTooLarge(limits);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (isTooLarge(err)) throw fileTooLarge(limits);
    const line = (err as { lines?: number }).lines;
    const what = format === 'csv' ? 'CSV' : 'XLSX';
    throw new AppError(
      400,
      `malformed_${format}`,
      `文件不是有效的 ${what}${line ? `（第 ${line} 行）` : ''}：${(err as Error).message}`,
      `Not a valid ${what} file${line ? ` (line ${line})` : ''}: ${(err as Error).message}`,
      'file',
      line ? { line } : {},
    );
  }
}

/** Streams the rows of a CSV (UTF-8 or GB18030) or XLSX file; line numbers count the header as line 1. */
async function* readRawRows(
  input: Readable,
  format: 'csv' | 'xlsx',
  hashing: HashingStream,
  limits: UploadLimits,
): AsyncGenerator<{ header: string[] } | SourceRow> {
  if (format === 'xlsx') {
    yield* readXlsxRows(input, hashing, limits);
    return;
  }
  const limit = new SizeLimit(limits);
  const parser = input
    .pipe(limit)
    .pipe(hashing)
    .pipe(new DecodeStream())
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }));
  // pipe() does not pass errors on: without this a refused or broken upload would leave the reader waiting
  for (const s of [input, limit, hashing]) s.on('error', (err) => parser.destroy(err));
  let header: string[] | undefined;
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const cells = rec.record.map(unneutralise);
    if (!header) {
      header = cells;
      yield { header };
      continue;
    }
    yield { line: rec.info.lines, cells };
  }
}

/**
 * An XLSX is an archive whose directory sits at its end: the upload is kept in a private temporary
 * file (mode 0600, removed when the rows have been read), the archive is checked against the limits
 * (zip-guard.ts), and only then are its rows streamed by exceljs.
 */
async function* readXlsxRows(
  input: Readable,
  hashing: HashingStream,
  limits: UploadLimits,
): AsyncGenerator<{ header: string[] } | SourceRow> {
  const dir = await mkdtemp(path.join(tmpdir(), 'grassroots-upload-'));
  const file = path.join(dir, 'upload.xlsx');
  let source: Readable | undefined;
  try {
    await pipeline(input, new SizeLimit(limits), hashing, createWriteStream(file, { mode: 0o600 }));
    if ((input as { truncated?: boolean }).truncated) throw fileTooLarge(limits);
    await checkXlsxArchive(file, limits);
    source = createReadStream(file);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'ignore',
      hyperlinks: 'ignore',
    });
    for await (const sheet of reader) {
      let header: string[] | undefined;
      for await (const row of sheet) {
        const cells = (row.values as unknown[]).slice(1).map(cellText);
        if (!header) {
          header = cells;
          yield { header };
          continue;
        }
        if (cells.every((c) => c === '')) continue;
        yield { line: row.number, cells };
      }
      return; // the first sheet only
    }
  } finally {
    source?.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A cell's text; the quote our own exports put before a would-be formula is taken off again. */
function cellText(v: unknown): string {
  return unneutralise(rawCellText(v));
}

function rawCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: string; result?: unknown; richText?: Array<{ text: string }> };
    if (o.richText)
      return o.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (o.text !== undefined) return String(o.text).trim();
    if (o.result !== undefined) return String(o.result).trim();
  }
  return String(v).trim();
}
