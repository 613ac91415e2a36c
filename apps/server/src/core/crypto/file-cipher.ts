import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, stat } from 'node:fs/promises';
import { type Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CryptoIntegrityError, type PiiCipher } from './sm.ts';

/**
 * Files at rest (scans, attachments, PDFs, backups), sealed with the platform key: the same
 * encrypt-then-MAC construction as protected fields, under keys derived for files.
 *   "GRF2" | key id (4) | IV (16) | SM4-CTR ciphertext | HMAC-SM3 tag (32) over everything before it.
 * A file without the magic is a file from before encryption at rest: read as it is (FileStore checks
 * its SM3 content address anyway) until `grassroots files seal` or a key rotation seals it.
 */
const MAGIC = Buffer.from('GRF2', 'latin1');
const HEADER = MAGIC.length + 4 + 16;
const TAG = 32;

export function isSealed(bytes: Buffer): boolean {
  return bytes.length >= HEADER + TAG && bytes.subarray(0, 4).equals(MAGIC);
}

/** The key id a sealed file is under, or undefined for a plain (pre-encryption) file. */
export function sealedKeyOf(bytes: Buffer): string | undefined {
  return isSealed(bytes) ? bytes.subarray(4, 8).toString('hex') : undefined;
}

export function sealBuffer(cipher: PiiCipher, plain: Buffer): Buffer {
  const k = cipher.fileKeys()!;
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-ctr', k.enc, iv);
  const body = Buffer.concat([MAGIC, k.idBytes, iv, c.update(plain), c.final()]);
  return Buffer.concat([body, createHmac('sm3', k.mac).update(body).digest()]);
}

function keysFor(cipher: PiiCipher, header: Buffer, what: string) {
  const id = header.subarray(4, 8).toString('hex');
  const k = cipher.fileKeys(id);
  if (!k) throw new CryptoIntegrityError(`${what} (sealed under master key ${id}, which is not in the key ring)`);
  return k;
}

/** The plain bytes of a sealed file; refuses a tampered one. A plain file is returned as it is. */
export function openBuffer(cipher: PiiCipher, bytes: Buffer, what = 'file'): Buffer {
  if (!isSealed(bytes)) return bytes;
  const k = keysFor(cipher, bytes, what);
  const body = bytes.subarray(0, bytes.length - TAG);
  if (!timingSafeEqual(createHmac('sm3', k.mac).update(body).digest(), bytes.subarray(bytes.length - TAG)))
    throw new CryptoIntegrityError(what);
  const d = createDecipheriv('sm4-ctr', k.enc, body.subarray(8, HEADER));
  return Buffer.concat([d.update(body.subarray(HEADER)), d.final()]);
}

/**
 * Seals a stream of any size into target (pg_dump's output: larger than memory, and never on disk in
 * the clear); written whole under the final name or not at all.
 */
export async function sealStream(cipher: PiiCipher, source: Readable, target: string) {
  const k = cipher.fileKeys()!;
  const iv = randomBytes(16);
  const header = Buffer.concat([MAGIC, k.idBytes, iv]);
  const mac = createHmac('sm3', k.mac).update(header);
  const c = createCipheriv('sm4-ctr', k.enc, iv);
  const tmp = `${target}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  out.write(header);
  await pipeline(
    source,
    c,
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        mac.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        done(null, mac.digest());
      },
    }),
    out,
  );
  await rename(tmp, target);
}

/**
 * Opens a sealed file as a stream into target (pg_restore's input). The tag is checked over the whole
 * file first, and only then is anything decrypted: a tampered backup is refused before a byte of it
 * is restored.
 */
export async function openStream(cipher: PiiCipher, source: string, target: Writable, what = 'backup') {
  const size = (await stat(source)).size;
  const fh = await open(source, 'r');
  const head = Buffer.alloc(HEADER);
  const tag = Buffer.alloc(TAG);
  try {
    await fh.read(head, 0, HEADER, 0);
    if (size < HEADER + TAG || !head.subarray(0, 4).equals(MAGIC))
      throw new CryptoIntegrityError(`${what} (not a sealed file)`);
    await fh.read(tag, 0, TAG, size - TAG);
  } finally {
    await fh.close();
  }
  const k = keysFor(cipher, head, what);
  const mac = createHmac('sm3', k.mac);
  await pipeline(createReadStream(source, { end: size - TAG - 1 }), async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) mac.update(chunk);
    yield* [];
  });
  if (!timingSafeEqual(mac.digest(), tag)) throw new CryptoIntegrityError(what);
  const d = createDecipheriv('sm4-ctr', k.enc, head.subarray(8, HEADER));
  if (size === HEADER + TAG) return void target.end(d.final());
  await pipeline(createReadStream(source, { start: HEADER, end: size - TAG - 1 }), d, target);
}
