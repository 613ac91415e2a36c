import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '@grassroots/contracts';
import { PiiCipher } from '../../core/crypto/sm.ts';
import { cleanPerson } from './registry.rules.ts';
import { TransformThreads } from './registry.import.threads.ts';
import { type FreshPerson, type PersonColumns, transformFresh } from './registry.import.transform.ts';

const cipher = new PiiCipher(['a'.repeat(64), 'c'.repeat(64)]);
const stamp = { source: '140882-TJJ', at: '2026-12-03T20:00:00.000Z', importId: randomUUID() };
const threads = new TransformThreads(cipher, 1);
afterAll(() => threads.close());

function fresh(serial: number, extra: Record<string, string> = {}): FreshPerson {
  const first = `14088219800312${String(serial).padStart(3, '0')}`;
  const r = cleanPerson({
    idNumber: first + idNumberCheckChar(first),
    name: '赵建国',
    divisionCode: '140882100001',
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { id: randomUUID(), person: r.person, bidx: cipher.blindIndex(r.person.idNumber) };
}
const rows = [fresh(11, { phone: '13812345678', residenceAddress: '河津市 测试村\\1号\t东' }), fresh(22)];

/** The columns that do not depend on the random IV of each encryption. */
const stable = (c: PersonColumns) => ({ ...c, id_number_enc: undefined, phone_enc: undefined });

describe('the import transform in a worker thread', () => {
  it('gives the columns of the inline transform, under the same keys', async () => {
    const out = await threads.transform(stamp, 'columns', rows);
    expect(threads.inThreads).toBe(1);
    if (!('columns' in out)) throw new Error('columns expected');
    const inline = transformFresh(cipher, stamp, 'columns', rows);
    if (!('columns' in inline)) throw new Error('columns expected');
    expect(out.columns.map(stable)).toEqual(inline.columns.map(stable));
    expect(out.columns.map((c) => cipher.decrypt(c.id_number_enc))).toEqual(rows.map((r) => r.person.idNumber));
    expect(cipher.decrypt(out.columns[0]!.phone_enc!)).toBe('13812345678');
    expect(Buffer.isBuffer(out.columns[0]!.id_number_bidx)).toBe(true);
  });

  it('gives the COPY text of the inline transform, escapes included', async () => {
    const out = await threads.transform(stamp, 'copy', rows);
    const inline = transformFresh(cipher, stamp, 'copy', rows);
    if (!('copy' in out) || !('copy' in inline)) throw new Error('COPY text expected');
    // columns 1 and 8 are the ciphertexts (random IVs); every other column is the same text
    const cells = (b: Buffer) =>
      b
        .toString('utf8')
        .split('\n')
        .map((line) => line.split('\t').filter((_, i) => i !== 1 && i !== 8));
    expect(cells(out.copy)).toEqual(cells(inline.copy));
    expect(out.copy.toString('utf8')).toContain('测试村\\\\1号\\t东');
  });
});
