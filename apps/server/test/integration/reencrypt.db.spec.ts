import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MASTER_KEY } from '../config.ts';
import { actorNamed, testApp } from '../helpers.ts';
import type { App } from '../../src/compose.ts';
import { RegistryService } from '../../src/modules/registry/index.ts';
import type { Actor } from '../../src/core/auth/actor.ts';
import { prepareProtectedFields, protectedTables, reencryptAll } from '../../src/core/crypto/reencrypt.ts';
import { keyIdOf, PiiCipher } from '../../src/core/crypto/sm.ts';

let app: App;
let registrar: Actor;
beforeAll(async () => {
  app = await testApp();
  registrar = await actorNamed(app, 'registrar');
});
afterAll(async () => app?.close());

/** A blob as the original PiiCipher wrote it (format 1: IV | SM4-CBC, no integrity). */
function legacyBlob(plain: string): Buffer {
  const key = createHash('sm3')
    .update(Buffer.from(TEST_MASTER_KEY, 'hex'))
    .update('grassroots/sm4')
    .digest()
    .subarray(0, 16);
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-cbc', key, iv);
  return Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]);
}

async function somePerson(offset: number) {
  const p = await app.db
    .selectFrom('persons')
    .select(['id', 'id_number_enc', 'phone_enc'])
    .where('phone_enc', 'is not', null)
    .orderBy('id')
    .offset(offset)
    .limit(1)
    .executeTakeFirstOrThrow();
  return { id: p.id, idNumber: app.cipher.decrypt(p.id_number_enc), phone: app.cipher.decrypt(p.phone_enc!) };
}
const stored = async (id: string) =>
  app.db
    .selectFrom('persons')
    .select(['id_number_enc', 'id_number_bidx', 'phone_enc'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const setIdBlob = (id: string, blob: Buffer) =>
  app.db.updateTable('persons').set({ id_number_enc: blob }).where('id', '=', id).execute();

describe('protected fields at rest', () => {
  it('covers every encrypted column of the schema, with its blind index where there is one', async () => {
    const tables = Object.fromEntries((await protectedTables(app.db)).map((t) => [t.table, t.fields]));
    expect(tables.persons).toEqual([
      { enc: 'id_number_enc', bidx: 'id_number_bidx' },
      { enc: 'phone_enc', bidx: 'phone_bidx' },
    ]);
    expect(tables.complaints).toEqual([{ enc: 'complainant_phone_enc', bidx: 'complainant_phone_bidx' }]);
    expect(Object.keys(tables)).toEqual(
      expect.arrayContaining([
        'appointments',
        'assistance_entitlements',
        'payments',
        'care_beneficiaries',
        'care_opinions',
        'agency_complaints',
        'assistance_objections',
      ]),
    );
  });

  it('a stored blob with one bit flipped is refused, not decrypted to garbage', async () => {
    const p = await somePerson(0);
    const blob = (await stored(p.id)).id_number_enc;
    const bad = Buffer.from(blob);
    bad[blob.length - 40]! ^= 0x04; // inside the ciphertext: CBC would have decrypted this to a wrong ID number
    await setIdBlob(p.id, bad);
    await expect(app.registry.reveal(registrar, p.id, '核对身份')).rejects.toMatchObject({
      status: 500,
      code: 'integrity_check_failed',
    });
    await setIdBlob(p.id, blob);
    expect((await app.registry.reveal(registrar, p.id, '核对身份')).idNumber).toBe(p.idNumber);
  });

  it('once upgraded, a format-1 blob planted in the database is refused (no downgrade to the unauthenticated format)', async () => {
    const p = await somePerson(1);
    const blob = (await stored(p.id)).id_number_enc;
    await setIdBlob(p.id, legacyBlob(p.idNumber));
    await expect(app.registry.reveal(registrar, p.id, '核对身份')).rejects.toMatchObject({
      code: 'integrity_check_failed',
    });
    await setIdBlob(p.id, blob);
  });

  it('format-1 data from before the upgrade still reads, and the start-up upgrade rewrites it with integrity', async () => {
    const p = await somePerson(2);
    await app.db
      .updateTable('persons')
      .set({ id_number_enc: legacyBlob(p.idNumber), phone_enc: legacyBlob(p.phone) })
      .where('id', '=', p.id)
      .execute();
    // as a database migrated before issue 15: no upgrade has run yet
    await sql`DELETE FROM key_rotations WHERE kind = 'upgrade'`.execute(app.db);
    const fresh = new PiiCipher(TEST_MASTER_KEY);
    const before = await stored(p.id);
    expect(fresh.keyOf(before.id_number_enc)).toBe('legacy');
    expect(fresh.decrypt(before.id_number_enc)).toBe(p.idNumber);
    await prepareProtectedFields(app.db, fresh);
    const after = await stored(p.id);
    expect(fresh.isCurrent(after.id_number_enc)).toBe(true);
    expect(fresh.isCurrent(after.phone_enc!)).toBe(true);
    expect(fresh.decrypt(after.id_number_enc)).toBe(p.idNumber);
    expect(fresh.decrypt(after.phone_enc!)).toBe(p.phone);
    expect(after.id_number_bidx).toEqual(before.id_number_bidx);
    expect(fresh.allowLegacy).toBe(false);
    expect((await app.registry.reveal(registrar, p.id, '核对身份')).idNumber).toBe(p.idNumber);
    // nothing in format 1 is left anywhere
    for (const t of await protectedTables(app.db)) {
      for (const f of t.fields) {
        const { rows } = await sql<{
          n: string;
        }>`SELECT count(*) AS n FROM ${sql.id(t.table)} WHERE ${sql.id(f.enc)} IS NOT NULL AND substring(${sql.id(f.enc)} FROM 1 FOR 2) <> '\\xa702'::bytea`.execute(
          app.db,
        );
        expect(Number(rows[0]!.n), `${t.table}.${f.enc}`).toBe(0);
      }
    }
  });

  it('refuses to start on data written under another key (the demo key file deleted by a pull), and says how to recover', async () => {
    const p = await somePerson(4);
    const blob = (await stored(p.id)).id_number_enc;
    await app.db
      .updateTable('persons')
      .set({ id_number_enc: legacyBlob(p.idNumber) })
      .where('id', '=', p.id)
      .execute();
    await sql`DELETE FROM key_rotations WHERE kind = 'upgrade'`.execute(app.db);
    const freshlyGenerated = new PiiCipher(randomBytes(32).toString('hex'));
    await expect(prepareProtectedFields(app.db, freshlyGenerated)).rejects.toThrow(
      /written under another key.*git show/,
    );
    // nothing was rewritten under the wrong key
    expect((await stored(p.id)).id_number_enc.subarray(0, 2).equals(Buffer.from([0xa7, 0x02]))).toBe(false);
    await setIdBlob(p.id, blob);
    await prepareProtectedFields(app.db, new PiiCipher(TEST_MASTER_KEY));
  });

  it('a key rotation cut short half way keeps every lookup working, and re-run ends complete', async () => {
    const NEW_KEY = randomBytes(32).toString('hex');
    const ring = new PiiCipher([TEST_MASTER_KEY, NEW_KEY]);
    const registry = new RegistryService(app.db, ring, app.clock);
    const persons = await app.db.selectFrom('persons').select(['id', 'id_number_enc']).orderBy('id').execute();
    const ids = new Map(persons.map((p) => [p.id, app.cipher.decrypt(p.id_number_enc)]));
    // an online application filed by a signed-in resident keeps only her phone's index, not the phone
    const filer = await somePerson(3);
    const household = await app.db
      .selectFrom('household_members as m')
      .innerJoin('households as h', 'h.id', 'm.household_id')
      .select(['m.household_id', 'h.division_code'])
      .where('m.person_id', '=', filer.id)
      .executeTakeFirstOrThrow();
    const application = await app.db
      .insertInto('assistance_online_applications')
      .values({
        programme: 'urbanMinimumAllowance',
        person_id: filer.id,
        household_id: household.household_id,
        division_code: household.division_code,
        resident_phone_bidx: app.cipher.blindIndex(filer.phone),
        reason: '测试',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    let personBatches = 0;
    await expect(
      reencryptAll(app.db, ring, {
        kind: 'rotate',
        batchSize: 50,
        onProgress: (_n, _v, _t, table) => {
          if (table === 'persons' && ++personBatches === 2) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');

    // half way: some persons under the new key, the rest still under the old one
    const newId = Buffer.from(keyIdOf(NEW_KEY), 'hex');
    const half = await app.db.selectFrom('persons').select(['id', 'id_number_enc']).orderBy('id').execute();
    const rotated = half.filter((p) => p.id_number_enc.subarray(2, 6).equals(newId));
    const notYet = half.filter((p) => !p.id_number_enc.subarray(2, 6).equals(newId));
    expect(rotated.length).toBe(100);
    expect(notYet.length).toBe(persons.length - 100);
    for (const p of [rotated[0]!, notYet.at(-1)!]) {
      const found = await registry.search(registrar, { idNumber: ids.get(p.id)! });
      expect(found.map((f: { id: string }) => f.id)).toEqual([p.id]);
      expect((await registry.reveal(registrar, p.id, '核对身份')).idNumber).toBe(ids.get(p.id));
    }
    // the progress is stored with each batch: the re-run continues after the last person done
    const open = (
      await sql<{
        progress: Record<string, unknown>;
      }>`SELECT progress FROM key_rotations WHERE kind = 'rotate' AND finished_at IS NULL`.execute(app.db)
    ).rows[0]!;
    expect(open.progress.persons).toBe(rotated.at(-1)!.id);

    const r = await reencryptAll(app.db, ring, { kind: 'rotate', batchSize: 50 });
    expect(r.resumed).toBe(true);
    expect(r.targetKeyId).toBe(keyIdOf(NEW_KEY));
    // complete: every field under the new key, every blind index recomputed; the old key can go
    for (const t of await protectedTables(app.db)) {
      for (const f of t.fields) {
        const { rows } = await sql<{
          n: string;
        }>`SELECT count(*) AS n FROM ${sql.id(t.table)} WHERE ${sql.id(f.enc)} IS NOT NULL AND substring(${sql.id(f.enc)} FROM 3 FOR 4) <> ${newId}`.execute(
          app.db,
        );
        expect(Number(rows[0]!.n), `${t.table}.${f.enc}`).toBe(0);
      }
    }
    const onlyNew = new PiiCipher(NEW_KEY);
    // the index without its value was carried over to the new key: she still finds her application
    const filed = await app.db
      .selectFrom('assistance_online_applications')
      .select('resident_phone_bidx')
      .where('id', '=', application.id)
      .executeTakeFirstOrThrow();
    expect(filed.resident_phone_bidx).toEqual(onlyNew.blindIndex(filer.phone));
    onlyNew.allowLegacy = false;
    const after = await app.db.selectFrom('persons').select(['id', 'id_number_enc', 'id_number_bidx']).execute();
    for (const p of after) {
      expect(onlyNew.decrypt(p.id_number_enc)).toBe(ids.get(p.id));
      expect(p.id_number_bidx).toEqual(onlyNew.blindIndex(ids.get(p.id)!));
    }
    const someone = persons[Math.floor(persons.length / 2)]!;
    const found = await new RegistryService(app.db, onlyNew, app.clock).search(registrar, {
      idNumber: ids.get(someone.id)!,
    });
    expect(found.map((f: { id: string }) => f.id)).toEqual([someone.id]);
    expect(
      Number(
        (
          await sql<{
            n: string;
          }>`SELECT count(*) AS n FROM key_rotations WHERE kind = 'rotate' AND finished_at IS NULL`.execute(app.db)
        ).rows[0]!.n,
      ),
    ).toBe(0);
    // the database now refuses a start with the old key alone (it would read nothing)
    await expect(prepareProtectedFields(app.db, new PiiCipher(TEST_MASTER_KEY))).rejects.toThrow(/not in the key ring/);
  });
});
