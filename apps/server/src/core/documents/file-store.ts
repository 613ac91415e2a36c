import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openBuffer, sealBuffer, sealedKeyOf } from '../crypto/file-cipher.ts';
import { type PiiCipher, sm3Hex } from '../crypto/sm.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Types we accept, recognised by their first bytes rather than by what the client claims. */
const SIGNATURES: Array<{ mime: string; test: (b: Buffer) => boolean }> = [
  { mime: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    mime: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    test: (b) => b[0] === 0x50 && b[1] === 0x4b,
  },
];

export function detectMime(bytes: Buffer): string | undefined {
  return SIGNATURES.find((s) => s.test(bytes))?.mime;
}

/**
 * Files on local disk, content-addressed by SM3 of the plain bytes (the same bytes are stored once),
 * sealed with the platform key (file-cipher.ts): a copied disk or folder shows no scan, photo or PDF.
 */
export class FileStore {
  constructor(
    private readonly root: string,
    private readonly cipher: PiiCipher,
  ) {}

  private pathOf(hash: string) {
    return path.join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  async put(
    db: Executor,
    bytes: Buffer,
    allowed: 'any-known' | string[] = 'any-known',
  ): Promise<{ hash: string; size: number; mime: string }> {
    if (bytes.length === 0) throw new AppError(400, 'empty_file', '文件为空', 'The file is empty', 'file');
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new AppError(
        413,
        'file_too_large',
        `文件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
        `Files may not exceed ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
        'file',
      );
    }
    const mime = detectMime(bytes);
    if (!mime || (allowed !== 'any-known' && !allowed.includes(mime))) {
      throw new AppError(
        415,
        'unsupported_file_type',
        '只接受 PDF、PNG、JPEG 或 XLSX 文件',
        'Only PDF, PNG, JPEG or XLSX files are accepted',
        'file',
      );
    }
    const hash = sm3Hex(bytes);
    const file = this.pathOf(hash);
    await mkdir(path.dirname(file), { recursive: true });
    // write then rename: a crash never leaves a half file under the final name
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, sealBuffer(this.cipher, bytes));
    await rename(tmp, file);
    await db
      .insertInto('attachments')
      .values({ hash, size: bytes.length, mime })
      .onConflict((oc) => oc.column('hash').doNothing())
      .execute();
    return { hash, size: bytes.length, mime };
  }

  async get(hash: string): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(hash))
      throw new AppError(400, 'invalid_hash', '文件标识无效', 'Invalid file id', 'hash');
    const stored = await readFile(this.pathOf(hash)).catch(() => undefined);
    if (!stored) throw new AppError(404, 'not_found', '文件不存在', 'File not found');
    const corrupt = () => new AppError(500, 'file_corrupt', '文件已损坏', 'Stored file is corrupt');
    let bytes: Buffer;
    try {
      // a file stored before encryption at rest has no seal and is read as it is
      bytes = openBuffer(this.cipher, stored, `file ${hash}`);
    } catch {
      throw corrupt();
    }
    // content addressing doubles as an integrity check (and the only one a pre-encryption file has)
    if (sm3Hex(bytes) !== hash) throw corrupt();
    return bytes;
  }

  /**
   * Seals every file not yet under the current key: files from before encryption at rest, and after
   * `keys rotate` those under an older key. Idempotent; `grassroots files seal` and `keys rotate` run it.
   */
  async sealAll(onProgress?: (sealed: number, seen: number) => void): Promise<{ sealed: number; seen: number }> {
    let sealed = 0;
    let seen = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (/^[0-9a-f]{64}$/.test(entry.name)) {
          seen++;
          const stored = await readFile(full);
          if (sealedKeyOf(stored) === this.cipher.currentKeyId) continue;
          const plain = openBuffer(this.cipher, stored, `file ${entry.name}`);
          // never seal what is not the file it claims to be
          if (sm3Hex(plain) !== entry.name)
            throw new AppError(
              500,
              'file_corrupt',
              `文件已损坏：${entry.name}`,
              `Stored file is corrupt: ${entry.name}`,
            );
          const tmp = `${full}.${process.pid}.tmp`;
          await writeFile(tmp, sealBuffer(this.cipher, plain));
          await rename(tmp, full);
          sealed++;
          onProgress?.(sealed, seen);
        }
      }
    };
    await walk(this.root);
    return { sealed, seen };
  }
}
