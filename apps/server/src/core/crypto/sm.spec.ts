import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CryptoIntegrityError, KeyedSm3, keyIdOf, PiiCipher, Sm4Ctr } from './sm.ts';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);
const ID_NUMBER = '14088219900307123X';

/** A blob as the original PiiCipher wrote it (format 1: IV | SM4-CBC, no integrity). */
function legacyBlob(masterKeyHex: string, plain: string): Buffer {
  const key = createHash('sm3')
    .update(Buffer.from(masterKeyHex, 'hex'))
    .update('grassroots/sm4')
    .digest()
    .subarray(0, 16);
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-cbc', key, iv);
  return Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]);
}

describe('PiiCipher, format 2 (SM4-CTR + HMAC-SM3, key id in every blob)', () => {
  it('round-trips, records the key in the blob, and never repeats a ciphertext', () => {
    const c = new PiiCipher(KEY_A);
    const blob = c.encrypt(ID_NUMBER);
    expect(c.decrypt(blob)).toBe(ID_NUMBER);
    expect(blob.subarray(0, 2)).toEqual(Buffer.from([0xa7, 0x02]));
    expect(blob.subarray(2, 6).toString('hex')).toBe(keyIdOf(KEY_A));
    expect(c.encrypt(ID_NUMBER).equals(blob)).toBe(false);
    expect(blob.includes(Buffer.from(ID_NUMBER))).toBe(false);
  });

  it('refuses a blob with any single bit flipped, anywhere, instead of decrypting it to garbage', () => {
    const c = new PiiCipher(KEY_A);
    const blob = c.encrypt(ID_NUMBER);
    for (let i = 0; i < blob.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const bad = Buffer.from(blob);
        bad[i]! ^= bit;
        expect(() => c.decrypt(bad), `byte ${i}`).toThrow(CryptoIntegrityError);
      }
    }
  });

  it('refuses a truncated or extended blob, and one under a key not in the ring', () => {
    const c = new PiiCipher(KEY_A);
    const blob = c.encrypt(ID_NUMBER);
    expect(() => c.decrypt(blob.subarray(0, blob.length - 1))).toThrow(CryptoIntegrityError);
    expect(() => c.decrypt(Buffer.concat([blob, Buffer.from([0])]))).toThrow(CryptoIntegrityError);
    expect(() => new PiiCipher(KEY_B).decrypt(blob)).toThrow(CryptoIntegrityError);
  });

  it('reads format-1 blobs until the upgrade is done, then refuses them', () => {
    const c = new PiiCipher(KEY_A);
    const old = legacyBlob(KEY_A, ID_NUMBER);
    expect(c.keyOf(old)).toBe('legacy');
    expect(c.isCurrent(old)).toBe(false);
    expect(c.decrypt(old)).toBe(ID_NUMBER);
    c.allowLegacy = false;
    expect(() => c.decrypt(old)).toThrow(CryptoIntegrityError);
  });

  it('a key ring writes under the last key, reads under every key, and looks up under every key', () => {
    const before = new PiiCipher(KEY_A);
    const ring = new PiiCipher([KEY_A, KEY_B]);
    const oldBlob = before.encrypt(ID_NUMBER);
    expect(ring.decrypt(oldBlob)).toBe(ID_NUMBER);
    expect(ring.isCurrent(oldBlob)).toBe(false);
    expect(ring.isCurrent(ring.encrypt(ID_NUMBER))).toBe(true);
    expect(ring.keyOf(ring.encrypt(ID_NUMBER))).toBe(keyIdOf(KEY_B));
    // the blind index of format 1 is unchanged, so the upgrade need not touch the indexes
    expect(before.blindIndex(ID_NUMBER)).toEqual(createHmacIndex(KEY_A, ID_NUMBER));
    expect(ring.blindIndexes(ID_NUMBER)).toEqual([
      new PiiCipher(KEY_B).blindIndex(ID_NUMBER),
      before.blindIndex(ID_NUMBER),
    ]);
    expect(ring.matchesBlindIndex(ID_NUMBER, before.blindIndex(ID_NUMBER))).toBe(true);
    expect(ring.matchesBlindIndex('140882199003071231', before.blindIndex(ID_NUMBER))).toBe(false);
  });

  it('uses only ciphers every supported Node has (SM4-GCM is missing on Node 20 and 22)', () => {
    // the format must not depend on the runtime: encrypt-then-MAC with SM4-CTR and HMAC-SM3
    expect(() => createCipheriv('sm4-ctr', Buffer.alloc(16), Buffer.alloc(16))).not.toThrow();
    expect(new PiiCipher(KEY_A).decrypt(new PiiCipher(KEY_A).encrypt('中文地址 13800000000'))).toBe(
      '中文地址 13800000000',
    );
  });
});

function createHmacIndex(masterKeyHex: string, value: string): Buffer {
  const macKey = createHash('sm3').update(Buffer.from(masterKeyHex, 'hex')).update('grassroots/blind-index').digest();
  return createHmac('sm3', macKey).update(value.trim().toUpperCase()).digest();
}

describe('KeyedSm3 (HMAC-SM3 with the padded key hashed once)', () => {
  it('gives the bytes of createHmac for keys up to a block and messages of every length, call after call', () => {
    for (const keyLength of [16, 32, 64]) {
      const key = randomBytes(keyLength);
      const mac = new KeyedSm3(key);
      for (const length of [0, 1, 55, 56, 63, 64, 65, 200]) {
        const data = randomBytes(length);
        expect(mac.digest(data).toString('hex')).toBe(createHmac('sm3', key).update(data).digest('hex'));
      }
      expect(mac.digest('身份证')).toEqual(createHmac('sm3', key).update('身份证').digest());
    }
  });

  it('keeps the blind index of a value what it was (createHmac under the derived index key)', () => {
    const master = Buffer.from(KEY_A, 'hex');
    const indexKey = createHash('sm3').update(master).update('grassroots/blind-index').digest();
    expect(new PiiCipher(KEY_A).blindIndex(` ${ID_NUMBER.toLowerCase()} `)).toEqual(
      createHmac('sm3', indexKey).update(ID_NUMBER).digest(),
    );
  });
});

describe('Sm4Ctr (CTR from one ECB context)', () => {
  it('gives the bytes of OpenSSL sm4-ctr, counting the whole IV as one big-endian number', () => {
    const key = randomBytes(16);
    const ctr = new Sm4Ctr(key);
    const ivs = [
      randomBytes(16),
      Buffer.alloc(16, 0xff), // the counter wraps around to zero
      Buffer.from('000000000000000000000000fffffffe', 'hex'), // the carry crosses 32-bit words
      Buffer.from('00000000000000ffffffffffffffffff', 'hex'),
    ];
    for (const iv of ivs)
      for (const length of [0, 1, 11, 15, 16, 17, 18, 32, 33, 100]) {
        const data = randomBytes(length);
        const openssl = createCipheriv('sm4-ctr', key, iv);
        const expected = Buffer.concat([openssl.update(data), openssl.final()]);
        const out = Buffer.alloc(length);
        ctr.encryptInto(iv, data, out);
        expect(out.toString('hex'), `${iv.toString('hex')} × ${length}`).toBe(expected.toString('hex'));
      }
  });
});
