import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeSheet } from './spreadsheet.ts';
import { HashingStream, readRows } from './table-reader.ts';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './upload-limits.ts';
import { buildZip, inlineRow, sheetEntry, workbook } from './zip.testkit.ts';

const MB = 1024 * 1024;

async function rowsOf(
  bytes: Buffer | Readable,
  format: 'csv' | 'xlsx' = 'xlsx',
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
) {
  const out: Array<{ header: string[] } | { line: number; cells: string[] }> = [];
  for await (const r of readRows(
    Buffer.isBuffer(bytes) ? Readable.from(bytes) : bytes,
    format,
    new HashingStream(),
    limits,
  ))
    out.push(r);
  return out;
}

/** The refusal, and how long it took: a guard that unpacks the bomb first protects nothing. */
async function refusal(bytes: Buffer, limits?: UploadLimits) {
  const started = performance.now();
  const err = await rowsOf(bytes, 'xlsx', limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  return {
    err: err as { status?: number; code?: string; field?: string; messageZh?: string; messageEn?: string } | undefined,
    ms: performance.now() - started,
  };
}

describe('an XLSX upload is checked before it is parsed', () => {
  it('reads an honest workbook: ours, one with data descriptors, and one exceljs wrote', async () => {
    const rows = inlineRow(2, ['11010519491231002X', '张三', '140882100201']);
    for (const bytes of [workbook(sheetEntry(rows)), workbook({ ...sheetEntry(rows), descriptor: true })]) {
      expect(await rowsOf(bytes)).toEqual([
        { header: ['公民身份号码', '姓名', '所属村社区代码'] },
        { line: 2, cells: ['11010519491231002X', '张三', '140882100201'] },
      ]);
    }
    const ours = await writeSheet('xlsx', '人员', ['姓名'], [['张三'], ['李四']]);
    expect(await rowsOf(ours)).toEqual([
      { header: ['姓名'] },
      { line: 2, cells: ['张三'] },
      { line: 3, cells: ['李四'] },
    ]);
  });

  it('refuses a bomb over the unpacked limit from its directory, without unpacking it (413)', async () => {
    const bomb = workbook(sheetEntry(64 * MB));
    expect(bomb.length).toBeLessThan(512 * 1024);
    const { err, ms } = await refusal(bomb, { ...DEFAULT_UPLOAD_LIMITS, maxUnpackedBytes: 8 * MB });
    expect(err).toMatchObject({
      status: 413,
      code: 'archive_too_large',
      field: 'file',
      messageZh: expect.stringContaining('8 MB'),
      messageEn: expect.stringContaining('8 MB'),
    });
    expect(ms).toBeLessThan(1000);
    // a directory that claims 2 GiB is refused the same way under the default 1 GiB
    const claims = workbook({ ...sheetEntry(''), claimedSize: 2 * 1024 * MB });
    expect((await refusal(claims)).err).toMatchObject({ status: 413, code: 'archive_too_large' });
  });

  it('refuses an entry that unpacks out of proportion to its packed size (400), under the default limits', async () => {
    const { err, ms } = await refusal(workbook(sheetEntry(64 * MB)));
    expect(err).toMatchObject({
      status: 400,
      code: 'archive_ratio',
      field: 'file',
      messageZh: expect.stringContaining('xl/worksheets/sheet1.xml'),
    });
    expect(ms).toBeLessThan(1000);
  });

  it('refuses a bomb whose headers lie about its size, stopping at the size it claimed', async () => {
    const { err, ms } = await refusal(workbook({ ...sheetEntry(64 * MB), claimedSize: 4000 }));
    expect(err).toMatchObject({ status: 400, code: 'archive_inconsistent' });
    expect(ms).toBeLessThan(1000);
  });

  it('refuses an archive of too many entries', async () => {
    const many = buildZip(
      Array.from({ length: DEFAULT_UPLOAD_LIMITS.maxEntries + 1 }, (_, i) => ({
        name: `x/${i}.xml`,
        data: Buffer.from('<a/>'),
        stored: true,
      })),
    );
    expect((await refusal(many)).err).toMatchObject({ status: 400, code: 'archive_too_many_entries' });
  });

  it('refuses an entry hidden from the directory, which only the streaming reader would meet', async () => {
    const hidden = workbook(sheetEntry(inlineRow(2, ['a', 'b', 'c'])), [
      { ...sheetEntry(64 * MB), name: 'xl/media/image1.bin', hidden: true },
    ]);
    expect((await refusal(hidden)).err).toMatchObject({ status: 400, code: 'archive_inconsistent' });
  });

  it('refuses data that carries a fake data-descriptor signature (where a streaming reader would cut the entry and read on)', async () => {
    const payload = Buffer.concat([
      Buffer.from('<a>'),
      Buffer.from([0x50, 0x4b, 0x07, 0x08]),
      Buffer.alloc(12),
      Buffer.from('PK\u0003\u0004 more </a>'),
    ]);
    const tricked = workbook(sheetEntry(''), [
      { name: 'xl/media/x.bin', data: payload, stored: true, descriptor: true },
    ]);
    expect((await refusal(tricked)).err).toMatchObject({ status: 400, code: 'archive_inconsistent' });
  });

  it('refuses what is not an archive at all, or is cut short', async () => {
    expect((await refusal(Buffer.from('公民身份号码,姓名\n'))).err).toMatchObject({
      status: 400,
      code: 'malformed_xlsx',
      field: 'file',
    });
    const whole = workbook(sheetEntry(inlineRow(2, ['a', 'b', 'c'])));
    expect((await refusal(whole.subarray(0, whole.length - 30))).err).toMatchObject({
      status: 400,
      code: 'malformed_xlsx',
    });
  });
});

describe('an upload over the size limit', () => {
  const limits = { ...DEFAULT_UPLOAD_LIMITS, maxUploadBytes: 1000 };

  it('is refused with 413 whichever the format, as soon as the limit is passed', async () => {
    const csv = Buffer.from(`姓名\n${'张三\n'.repeat(400)}`);
    await expect(rowsOf(csv, 'csv', limits)).rejects.toMatchObject({
      status: 413,
      code: 'file_too_large',
      field: 'file',
    });
    const xlsx = workbook(sheetEntry(inlineRow(2, ['x'.repeat(3000), 'b', 'c'])));
    await expect(rowsOf(xlsx, 'xlsx', limits)).rejects.toMatchObject({ status: 413, code: 'file_too_large' });
  });

  it('is refused when the upload layer cut it short without an error (a cut file is never read as whole)', async () => {
    const cut = Object.assign(Readable.from([Buffer.from('姓名\n张三\n')]), { truncated: true });
    await expect(rowsOf(cut, 'csv')).rejects.toMatchObject({ status: 413, code: 'file_too_large' });
  });
});
