import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../../../test/helpers.ts';
import { createApp } from '../../compose.ts';
import { seedDemo } from '../../demo/demo.seed.ts';
import { loadConfig } from '../config.ts';
import { keysCommand } from './keys.command.ts';
import { keyIdOf } from './sm.ts';

// `grassroots keys rotate` as the operator runs it: an embedded installation with its generated key
// file, a rotation cut short (as by a crash), then run again.
const dir = mkdtempSync(path.join(tmpdir(), 'grassroots-rotate-'));
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
const makeApp = (c: typeof config) => createApp(c);
const keyFile = path.join(dir, 'keys.json');
const keysInFile = () => JSON.parse(readFileSync(keyFile, 'utf8')).keys as string[];
const persons: Array<{ id: string; idNumber: string }> = [];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(onPostgres())('grassroots keys rotate (embedded database)', () => {
  beforeAll(async () => {
    const app = await createApp(config);
    try {
      await seedDemo(app, { persons: 40, seed: 3 });
      for (const p of await app.db.selectFrom('persons').select(['id', 'id_number_enc']).execute())
        persons.push({ id: p.id, idNumber: app.cipher.decrypt(p.id_number_enc) });
      await sql`INSERT INTO resident_sessions (token_hash, phone_bidx, phone_masked, expires_at) VALUES (${Buffer.alloc(32, 1)}, ${app.cipher.blindIndex('13900000001')}, '139****0001', now() + interval '1 hour')`.execute(
        app.db,
      );
    } finally {
      await app.close();
    }
  });

  it('adds a fresh key, and a run cut short continues on the next run instead of adding another', async () => {
    const original = keysInFile();
    expect(original).toHaveLength(1);
    await expect(
      keysCommand(config, 'rotate', makeApp, { batchSize: 5, stopAfterBatches: 4, out: () => {} }),
    ).rejects.toThrow('stopped');
    const ring = keysInFile();
    expect(ring).toHaveLength(2);
    expect(ring[0]).toBe(original[0]);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const lines: string[] = [];
    const progress: number[] = [];
    const r = await keysCommand(config, 'rotate', makeApp, {
      batchSize: 5,
      out: (l) => lines.push(l),
      onProgress: (visited) => progress.push(visited),
    });
    expect(lines[0]).toBe(`continuing the unfinished rotation to key ${keyIdOf(ring[1]!)}`);
    expect(lines.at(-1)).toMatch(/complete: \d+ protected fields re-encrypted.*continued after an interruption/);
    expect(progress.length).toBeGreaterThan(3);
    expect(r!.resumed).toBe(true);
    expect(keysInFile()).toEqual(ring);
  });

  it('leaves everything under the new key: the registry finds and decrypts every person with it', async () => {
    const ring = keysInFile();
    const app = await createApp(config);
    try {
      expect(app.cipher.currentKeyId).toBe(keyIdOf(ring[1]!));
      const registrar = await app.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'registrar')
        .executeTakeFirstOrThrow();
      const { loadActor } = await import('../auth/auth.repository.ts');
      const actor = (await loadActor(app.db, registrar.id))!;
      for (const p of persons.slice(0, 10)) {
        const row = await app.db
          .selectFrom('persons')
          .select(['id_number_enc', 'id_number_bidx'])
          .where('id', '=', p.id)
          .executeTakeFirstOrThrow();
        expect(app.cipher.keyOf(row.id_number_enc)).toBe(keyIdOf(ring[1]!));
        expect(row.id_number_bidx).toEqual(app.cipher.blindIndex(p.idNumber));
        expect((await app.registry.search(actor, { idNumber: p.idNumber })).map((f: { id: string }) => f.id)).toEqual([
          p.id,
        ]);
        expect((await app.registry.reveal(actor, p.id, '核对')).idNumber).toBe(p.idNumber);
      }
      // residents' sessions held the old key's index of their phone: they sign in again
      expect(
        Number((await sql<{ n: string }>`SELECT count(*) AS n FROM resident_sessions`.execute(app.db)).rows[0]!.n),
      ).toBe(0);
      const audit = await app.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', '=', 'keys.rotated')
        .execute();
      expect(audit).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('keys status names the keys by id and fingerprint, never the key itself', async () => {
    const lines: string[] = [];
    await keysCommand(config, 'status', makeApp, { out: (l) => lines.push(l) });
    const ring = keysInFile();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^current +${keyIdOf(ring[1]!)}`));
    for (const k of ring) expect(lines.join('\n')).not.toContain(k);
  });
});
