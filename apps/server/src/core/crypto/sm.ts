import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** SM3, the national hash (GB/T 32905), from Node's OpenSSL. */
export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

/** SM3 as bytes: how session tokens and one-time codes are stored (the secret itself never is). */
export function sm3Bytes(data: string | Buffer): Buffer {
  return createHash('sm3').update(data).digest();
}

/**
 * Keys for personal information: SM4 for encryption at rest, HMAC-SM3 for the blind index that
 * makes exact lookup possible without decrypting. Both are derived from one master key.
 */
export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKeyHex: string) {
    const master = Buffer.from(masterKeyHex, 'hex');
    this.encKey = createHash('sm3').update(master).update('grassroots/sm4').digest().subarray(0, 16);
    this.macKey = createHash('sm3').update(master).update('grassroots/blind-index').digest();
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', this.encKey, iv);
    return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]);
  }

  decrypt(blob: Buffer): string {
    const decipher = createDecipheriv('sm4-cbc', this.encKey, blob.subarray(0, 16));
    return Buffer.concat([decipher.update(blob.subarray(16)), decipher.final()]).toString('utf8');
  }

  blindIndex(value: string): Buffer {
    return createHmac('sm3', this.macKey).update(value.trim().toUpperCase()).digest();
  }
}
