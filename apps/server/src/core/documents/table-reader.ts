import { createHash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { unneutralise } from './spreadsheet.ts';

/** A data row of an uploaded table, with its line number (the heading is line 1). */
export interface SourceRow { line: number; cells: string[] }

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

/** Streams the rows, turning a malformed file into a clear refusal that names the line. */
export async function* readRows(input: Readable, format: 'csv' | 'xlsx', hashing: HashingStream): AsyncGenerator<{ header: string[] } | SourceRow> {
  try {
    yield* readRawRows(input, format, hashing);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const line = (err as { lines?: number }).lines;
    const what = format === 'csv' ? 'CSV' : 'XLSX';
    throw new AppError(400, `malformed_${format}`, `文件不是有效的 ${what}${line ? `（第 ${line} 行）` : ''}：${(err as Error).message}`, `Not a valid ${what} file${line ? ` (line ${line})` : ''}: ${(err as Error).message}`, 'file', line ? { line } : {});
  }
}

/** Streams the rows of a CSV (UTF-8 or GB18030) or XLSX file; line numbers count the header as line 1. */
async function* readRawRows(input: Readable, format: 'csv' | 'xlsx', hashing: HashingStream): AsyncGenerator<{ header: string[] } | SourceRow> {
  const source = input.pipe(hashing);
  if (format === 'csv') {
    const parser = source.pipe(new DecodeStream()).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }));
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
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
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
    if (o.richText) return o.richText.map((r) => r.text).join('').trim();
    if (o.text !== undefined) return String(o.text).trim();
    if (o.result !== undefined) return String(o.result).trim();
  }
  return String(v).trim();
}
