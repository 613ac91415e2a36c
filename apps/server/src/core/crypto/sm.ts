import {
  type Cipher,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  type Hash,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import { AppError } from '../errors.ts';

/** SM3, the national hash (GB/T 32905), from Node's OpenSSL. */
export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

/** SM3 as bytes: how session tokens and one-time codes are stored (the secret itself never is). */
export function sm3Bytes(data: string | Buffer): Buffer {
  return createHash('sm3').update(data).digest();
}

/** HMAC-SM3 as a key derivation step: one master key, a separate key per purpose. */
export function deriveKey(master: Buffer, label: string, bytes = 32): Buffer {
  return createHmac('sm3', master).update(label).digest().subarray(0, bytes);
}

/**
 * HMAC-SM3 under one fixed key (RFC 2104), with the key's two padded blocks hashed once: each MAC then
 * copies the two prepared states instead of setting up a new HMAC, which halves the cost of sealing a
 * field (an import seals millions). Same bytes as `createHmac('sm3', key)`; a test holds them equal.
 */
export class KeyedSm3 {
  private readonly inner: Hash;
  private readonly outer: Hash;
  constructor(key: Buffer) {
    const block = Buffer.alloc(64); // SM3's block; a key longer than that would be hashed first (none is)
    if (key.length > block.length) throw new Error('HMAC key longer than a block');
    key.copy(block);
    this.inner = createHash('sm3').update(block.map((b) => b ^ 0x36));
    this.outer = createHash('sm3').update(block.map((b) => b ^ 0x5c));
  }
  digest(data: Buffer | string): Buffer {
    return this.outer.copy().update(this.inner.copy().update(data).digest()).digest();
  }
}

/** Random IVs taken 16 bytes at a time from a buffer refilled by the CSPRNG: one system call per 256 IVs. */
const ivPool = Buffer.allocUnsafe(4096);
let ivTaken = ivPool.length;
function nextIv(): Buffer {
  if (ivTaken + 16 > ivPool.length) {
    randomFillSync(ivPool);
    ivTaken = 0;
  }
  ivTaken += 16;
  return ivPool.subarray(ivTaken - 16, ivTaken);
}

/**
 * SM4-CTR encryption from one long-lived SM4-ECB context: the keystream blocks are ECB of the
 * counter blocks (the IV, then the IV + 1, … as one 128-bit big-endian number, as OpenSSL counts).
 * Same bytes as `createCipheriv('sm4-ctr', key, iv)` (a test holds them equal) at a sixth of the
 * cost for a short field: a new cipher context per value was most of what SM4 cost an import.
 */
export class Sm4Ctr {
  private readonly ecb: Cipher;
  constructor(key: Buffer) {
    this.ecb = createCipheriv('sm4-ecb', key, null);
    // only whole counter blocks go in, and final() is never called: no padding
    this.ecb.setAutoPadding(false);
  }

  /** Writes `data` XOR the keystream from `iv` into `out` (as long as `data`). */
  encryptInto(iv: Buffer, data: Buffer, out: Buffer): void {
    const blocks = Math.ceil(data.length / 16);
    if (!blocks) return;
    const counters = Buffer.allocUnsafe(blocks * 16);
    for (let b = 0; b < blocks; b++) {
      iv.copy(counters, b * 16);
      let carry = b;
      for (let i = b * 16 + 15; carry && i >= b * 16; i--) {
        const sum = counters[i]! + carry;
        counters[i] = sum & 0xff;
        carry = sum >>> 8;
      }
    }
    const stream = this.ecb.update(counters);
    for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ stream[i]!;
  }
}

/** A master key's short public name, written into every blob so the right key is found on reading. */
export function keyIdOf(masterKeyHex: string): string {
  return deriveKey(Buffer.from(masterKeyHex, 'hex'), 'grassroots/key-id', 4).toString('hex');
}

/**
 * Field blob, format 2 (encrypt-then-MAC, readable by every supported Node: SM4-GCM is missing from
 * the OpenSSL of Node 20 and 22, so it cannot be the one format):
 *   A7 02 | key id (4) | IV (16) | SM4-CTR ciphertext | HMAC-SM3 tag (32) over everything before it.
 * Format 1 (the original) was IV (16) | SM4-CBC ciphertext, without integrity: read only until the
 * start-up upgrade has rewritten every one (see reencrypt.ts), refused after.
 */
const MAGIC = Buffer.from([0xa7, 0x02]);
const HEADER = MAGIC.length + 4 + 16;
const TAG = 32;

/** Stored data failed its integrity check: refused, never returned as garbage. */
export class CryptoIntegrityError extends AppError {
  constructor(what: string) {
    super(
      500,
      'integrity_check_failed',
      '存储的受保护数据未通过完整性校验',
      `${what}: integrity check failed (tampered, truncated or encrypted under another key)`,
    );
  }
}

interface FieldKey {
  id: string;
  master: Buffer;
  idBytes: Buffer;
  enc: Buffer;
  mac: Buffer;
  index: Buffer;
  legacyEnc: Buffer;
  sealer: KeyedSm3;
  indexer: KeyedSm3;
  ctr: Sm4Ctr;
}

function fieldKey(masterKeyHex: string): FieldKey {
  const master = Buffer.from(masterKeyHex, 'hex');
  const id = keyIdOf(masterKeyHex);
  const mac = deriveKey(master, 'grassroots/v2/field-mac');
  const enc = deriveKey(master, 'grassroots/v2/field-sm4', 16);
  // unchanged derivations: blind indexes and format-1 blobs written before format 2 stay valid
  const index = createHash('sm3').update(master).update('grassroots/blind-index').digest();
  return {
    id,
    master,
    idBytes: Buffer.from(id, 'hex'),
    enc,
    mac,
    index,
    legacyEnc: createHash('sm3').update(master).update('grassroots/sm4').digest().subarray(0, 16),
    sealer: new KeyedSm3(mac),
    indexer: new KeyedSm3(index),
    ctr: new Sm4Ctr(enc),
  };
}

/**
 * Keys for personal information: SM4 for encryption at rest, HMAC-SM3 for the blind index that
 * makes exact lookup possible without decrypting. A key ring: the last key writes, every key reads,
 * and a lookup searches under every key so it keeps working while `keys rotate` runs.
 */
export class PiiCipher {
  private readonly keys: FieldKey[];
  private readonly byId: Map<string, FieldKey>;
  /** format-1 (CBC, no integrity) blobs are read only until the upgrade has rewritten them all */
  allowLegacy = true;

  constructor(masterKeys: string | readonly string[]) {
    const list = typeof masterKeys === 'string' ? [masterKeys] : [...masterKeys];
    if (!list.length) throw new Error('no master key');
    this.keys = list.map(fieldKey);
    this.byId = new Map(this.keys.map((k) => [k.id, k]));
  }

  private get current(): FieldKey {
    return this.keys.at(-1)!;
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  get keyIds(): string[] {
    return this.keys.map((k) => k.id);
  }

  /**
   * The ring's master keys, oldest first, for a worker thread of this process to build the same
   * cipher from (`new PiiCipher(keys)`), passed in its workerData: memory to memory. Never log,
   * store or send them anywhere else.
   */
  masterKeysForThread(): string[] {
    return this.keys.map((k) => k.master.toString('hex'));
  }

  encrypt(plain: string): Buffer {
    const k = this.current;
    const data = Buffer.from(plain, 'utf8');
    const blob = Buffer.allocUnsafe(HEADER + data.length + TAG);
    MAGIC.copy(blob, 0);
    k.idBytes.copy(blob, MAGIC.length);
    nextIv().copy(blob, HEADER - 16);
    k.ctr.encryptInto(blob.subarray(HEADER - 16, HEADER), data, blob.subarray(HEADER));
    k.sealer.digest(blob.subarray(0, HEADER + data.length)).copy(blob, HEADER + data.length);
    return blob;
  }

  /** Which key a blob is under: its id, 'legacy' for format 1. */
  keyOf(blob: Buffer): string {
    if (blob.length >= HEADER + TAG && blob.subarray(0, 2).equals(MAGIC)) {
      const id = blob.subarray(2, 6).toString('hex');
      if (this.byId.has(id)) return id;
    }
    return 'legacy';
  }

  /** true when the blob is in the current format under the current key: nothing to rewrite */
  isCurrent(blob: Buffer): boolean {
    return this.keyOf(blob) === this.current.id;
  }

  decrypt(blob: Buffer): string {
    const id = this.keyOf(blob);
    if (id === 'legacy') return this.decryptLegacy(blob);
    const k = this.byId.get(id)!;
    const body = blob.subarray(0, blob.length - TAG);
    const tag = k.sealer.digest(body);
    // constant time: the comparison must not tell an attacker how many tag bytes were right
    if (!timingSafeEqual(tag, blob.subarray(blob.length - TAG))) throw new CryptoIntegrityError('protected field');
    const decipher = createDecipheriv('sm4-ctr', k.enc, body.subarray(6, HEADER));
    return Buffer.concat([decipher.update(body.subarray(HEADER)), decipher.final()]).toString('utf8');
  }

  private decryptLegacy(blob: Buffer): string {
    if (!this.allowLegacy) {
      const unknownKey = blob.length >= HEADER + TAG && blob.subarray(0, 2).equals(MAGIC);
      throw new CryptoIntegrityError(
        unknownKey
          ? `protected field (under master key ${blob.subarray(2, 6).toString('hex')}, which is not in the key ring)`
          : 'protected field (format 1 no longer accepted)',
      );
    }
    if (blob.length < 32 || blob.length % 16 !== 0) throw new CryptoIntegrityError('protected field');
    // format 1 did not record its key; it predates key rings, so the oldest key is the likely one
    for (const k of this.keys) {
      try {
        const decipher = createDecipheriv('sm4-cbc', k.legacyEnc, blob.subarray(0, 16));
        return Buffer.concat([decipher.update(blob.subarray(16)), decipher.final()]).toString('utf8');
      } catch {
        // wrong key or damaged blob: the next key, then refuse
      }
    }
    throw new CryptoIntegrityError('protected field');
  }

  /** The blind index under the current key: what a new row stores. */
  blindIndex(value: string): Buffer {
    return this.indexUnder(this.current, value);
  }

  /** The blind index under every key in the ring, current first: what a lookup searches for. */
  blindIndexes(value: string): Buffer[] {
    return [...this.keys].reverse().map((k) => this.indexUnder(k, value));
  }

  /** Whether a stored blind index is the value's under any key in the ring. */
  matchesBlindIndex(value: string, stored: Buffer): boolean {
    return this.blindIndexes(value).some((b) => b.length === stored.length && timingSafeEqual(b, stored));
  }

  private indexUnder(k: FieldKey, value: string): Buffer {
    return k.indexer.digest(value.trim().toUpperCase());
  }

  /** The keys that seal files and backups (file-cipher.ts), by key id; the current ones when no id is given. */
  fileKeys(id?: string): { id: string; idBytes: Buffer; enc: Buffer; mac: Buffer } | undefined {
    const k = id ? this.byId.get(id) : this.current;
    if (!k) return undefined;
    return {
      id: k.id,
      idBytes: k.idBytes,
      enc: deriveKey(k.master, 'grassroots/v2/file-sm4', 16),
      mac: deriveKey(k.master, 'grassroots/v2/file-mac'),
    };
  }
}
