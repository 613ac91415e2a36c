import { createHmac, randomBytes } from 'node:crypto';

/** TOTP (RFC 6238, SHA-1, 30 s, 6 digits): what every authenticator app speaks. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function totpCode(secret: string, at = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/** Accepts the current step and one either side, for clock drift. */
export function verifyTotp(secret: string, code: string, at = Date.now()): boolean {
  return totpStep(secret, code, at) !== undefined;
}

/**
 * The time step (unix time / 30 s) a code belongs to, among the current one and one either side;
 * undefined when it matches none. The caller accepts each step once (see consumeTotpStep).
 */
export function totpStep(secret: string, code: string, at = Date.now()): number | undefined {
  const now = Math.floor(at / 30_000);
  return [now + 1, now, now - 1].find((step) => totpCode(secret, step * 30_000) === code);
}

export function totpUri(secret: string, username: string): string {
  return `otpauth://totp/Grassroots:${encodeURIComponent(username)}?secret=${secret}&issuer=Grassroots`;
}

function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function base32Decode(s: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s.replace(/=+$/, '').toUpperCase()) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) continue;
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
