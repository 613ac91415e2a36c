import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../errors.ts';
import type { UploadLimits } from './upload-limits.ts';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const ZIP64 = 0xffffffff;
/** a directory of 1000 entries with long names fits in far less */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;
/** styles and relationship parts compress very well and are small: the ratio matters only for large entries */
const RATIO_FLOOR = 1024 * 1024;

interface Entry {
  name: Buffer;
  flags: number;
  method: number;
  packed: number;
  size: number;
  offset: number;
}

const refuse = (code: string, zh: string, en: string, status = 400) =>
  new AppError(
    status,
    code,
    `XLSX 文件被拒绝：${zh}，未导入任何内容`,
    `XLSX refused: ${en}; nothing was imported`,
    'file',
  );
const malformed = (why: string) => refuse('malformed_xlsx', `不是有效的 XLSX（${why}）`, `not a valid XLSX (${why})`);
const inconsistent = (why: string) =>
  refuse('archive_inconsistent', `压缩包内容与目录不符（${why}）`, `the archive does not match its directory (${why})`);

/**
 * Checks an uploaded XLSX before exceljs sees it. First the central directory: the number of
 * entries, the total unpacked size and each large entry's ratio, as declared. Then every entry is
 * unpacked once, as the streaming reader will meet it (local header after local header), counting
 * bytes and stopping as soon as an entry gives more than it declared, so a lying header costs
 * nothing. Entries must follow each other with no gap up to the directory: nothing hidden between
 * them can reach the parser. ZIP64, encryption and methods other than store/deflate are refused —
 * no spreadsheet a county office sends needs them.
 */
export async function checkXlsxArchive(file: string, limits: UploadLimits): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const { entries, directoryAt } = await readDirectory(fh, size, limits);
    await walkEntries(fh, file, size, entries, directoryAt);
  } finally {
    await fh.close();
  }
}

async function bytesAt(fh: FileHandle, at: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, at);
  if (bytesRead < length) throw malformed('文件被截断 truncated');
  return buf;
}

async function readDirectory(
  fh: FileHandle,
  size: number,
  limits: UploadLimits,
): Promise<{ entries: Entry[]; directoryAt: number }> {
  if (size < 22) throw malformed('太短 too short');
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await bytesAt(fh, size - tailLength, tailLength);
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END && i + 22 + tail.readUInt16LE(i + 20) === tailLength) {
      at = i;
      break;
    }
  }
  if (at < 0) throw malformed('找不到压缩包目录 no end of central directory');
  const count = tail.readUInt16LE(at + 10);
  const dirSize = tail.readUInt32LE(at + 12);
  const dirAt = tail.readUInt32LE(at + 16);
  if (tail.readUInt16LE(at + 4) !== 0 || tail.readUInt16LE(at + 6) !== 0)
    throw malformed('分卷压缩包 multi-disk archive');
  if (count === 0xffff || dirSize === ZIP64 || dirAt === ZIP64)
    throw refuse('archive_zip64', '不接受 ZIP64 格式', 'ZIP64 archives are not accepted');
  if (count > limits.maxEntries)
    throw refuse(
      'archive_too_many_entries',
      `压缩包含 ${count} 个条目，超过 ${limits.maxEntries} 个的上限`,
      `${count} entries, more than the ${limits.maxEntries} allowed`,
    );
  if (dirSize > MAX_DIRECTORY_BYTES || dirAt + dirSize !== size - tailLength + at)
    throw malformed('目录越界 directory out of bounds');
  const dir = await bytesAt(fh, dirAt, dirSize);
  const entries: Entry[] = [];
  let total = 0;
  for (let p = 0, i = 0; i < count; i++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw malformed('目录损坏 broken central directory');
    const nameLength = dir.readUInt16LE(p + 28);
    const e: Entry = {
      flags: dir.readUInt16LE(p + 8),
      method: dir.readUInt16LE(p + 10),
      packed: dir.readUInt32LE(p + 20),
      size: dir.readUInt32LE(p + 24),
      offset: dir.readUInt32LE(p + 42),
      name: Buffer.from(dir.subarray(p + 46, p + 46 + nameLength)),
    };
    checkKind(e.flags, e.method, e.packed, e.size);
    total += e.size;
    if (total > limits.maxUnpackedBytes) {
      throw refuse(
        'archive_too_large',
        `解压后超过 ${Math.round(limits.maxUnpackedBytes / 1048576)} MB 的上限`,
        `it unpacks to more than ${Math.round(limits.maxUnpackedBytes / 1048576)} MB`,
        413,
      );
    }
    if (e.size > RATIO_FLOOR && e.size > Math.max(e.packed, 1) * limits.maxRatio) {
      throw refuse(
        'archive_ratio',
        `条目 ${e.name.toString()} 的压缩比 ${Math.round(e.size / Math.max(e.packed, 1))}:1 超过 ${limits.maxRatio}:1`,
        `entry ${e.name.toString()} unpacks ${Math.round(e.size / Math.max(e.packed, 1))} times its size, more than ${limits.maxRatio}`,
      );
    }
    entries.push(e);
    p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
  }
  return { entries: entries.sort((a, b) => a.offset - b.offset), directoryAt: dirAt };
}

function checkKind(flags: number, method: number, packed: number, size: number) {
  if (flags & 1) throw refuse('archive_encrypted', '条目已加密', 'an entry is encrypted');
  if (method !== 0 && method !== 8)
    throw refuse('archive_method', `不支持的压缩方法 ${method}`, `compression method ${method} is not supported`);
  if (packed === ZIP64 || size === ZIP64)
    throw refuse('archive_zip64', '不接受 ZIP64 格式', 'ZIP64 archives are not accepted');
}

/**
 * Walks the local entries the way exceljs's reader (unzipper's Parse) does: sizes from the local
 * header when it has them, else the data runs to the first data-descriptor signature.
 */
async function walkEntries(fh: FileHandle, file: string, size: number, entries: Entry[], directoryAt: number) {
  let at = 0;
  for (const e of entries) {
    if (e.offset !== at) throw inconsistent(`条目 ${e.name.toString()} 的位置 offset of ${e.name.toString()}`);
    const h = await bytesAt(fh, at, 30);
    if (h.readUInt32LE(0) !== LOCAL) throw inconsistent('本地文件头 local header');
    const flags = h.readUInt16LE(6);
    const method = h.readUInt16LE(8);
    const packed = h.readUInt32LE(18);
    checkKind(flags, method, packed, h.readUInt32LE(22));
    const nameLength = h.readUInt16LE(26);
    if (method !== e.method || !(await bytesAt(fh, at + 30, nameLength)).equals(e.name))
      throw inconsistent(`条目 ${e.name.toString()}`);
    const start = at + 30 + nameLength + h.readUInt16LE(28);
    let end: number;
    if (!(flags & 8) || packed > 0) {
      end = start + packed;
      at = end;
    } else {
      end = await indexOf(fh, DESCRIPTOR, start, size);
      if (end < 0) throw malformed('缺少数据描述符 no data descriptor');
      at = end + 16;
    }
    if (end - start !== e.packed || end > size) throw inconsistent(`条目 ${e.name.toString()} 的压缩大小 packed size`);
    const unpacked = method === 0 ? end - start : await inflatedSize(file, start, end, e.size);
    if (unpacked !== e.size) throw inconsistent(`条目 ${e.name.toString()} 解压后的大小 unpacked size`);
  }
  if (at !== directoryAt) throw inconsistent('目录前有未登记的数据 unlisted data before the directory');
}

/** Where `needle` first occurs at or after `from`, read in pieces; -1 if nowhere. */
async function indexOf(fh: FileHandle, needle: Buffer, from: number, size: number): Promise<number> {
  const piece = 1024 * 1024;
  for (let at = from; at < size; at += piece - needle.length + 1) {
    const buf = Buffer.alloc(Math.min(piece, size - at));
    await fh.read(buf, 0, buf.length, at);
    const i = buf.indexOf(needle);
    if (i >= 0) return at + i;
    if (at + buf.length >= size) break;
  }
  return -1;
}

/** Inflates [start, end) and counts the output, stopping one byte past `cap`: the output itself is dropped. */
function inflatedSize(file: string, start: number, end: number, cap: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    const inflate = createInflateRaw();
    const source = end > start ? createReadStream(file, { start, end: end - 1 }) : null;
    const stop = (result: number) => {
      source?.destroy();
      inflate.destroy();
      resolve(result);
    };
    inflate.on('data', (chunk: Buffer) => {
      count += chunk.length;
      if (count > cap) stop(count);
    });
    inflate.on('end', () => resolve(count));
    inflate.on('error', () => reject(malformed('解压失败 inflate failed')));
    if (source) {
      source.on('error', reject);
      source.pipe(inflate);
    } else {
      inflate.end();
    }
  });
}
