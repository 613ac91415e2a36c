import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { anchorAuditChain, anchorIfDue, ANCHOR_EVERY_MS, anchorsFileOf, fileAnchors } from './audit-anchors.ts';
import { asOwner } from './audit-owner.testkit.ts';
import { recordAudit, sealAll, verifyAuditChain } from './audit.ts';

let app: App;
let anchorsFile: string;
beforeAll(async () => {
  app = await testApp();
  anchorsFile = anchorsFileOf(mkdtempSync(path.join(tmpdir(), 'grassroots-anchors-')));
});
afterAll(() => app?.close());

const record = (action: string) => app.db.transaction().execute((tx) => recordAudit(tx, { action }));

describe('the application cannot rewrite the audit log', () => {
  it('works as a role that owns nothing', async () => {
    const { rows } = await sql<{ user: string; owner: string; superuser: boolean }>`
      SELECT current_user AS user, (SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log') AS owner,
             (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`.execute(app.db);
    expect(rows[0]).toEqual({
      user: 'grassroots_app',
      owner: expect.not.stringMatching(/^grassroots_app$/),
      superuser: false,
    });
  });

  it('refuses DELETE, UPDATE and TRUNCATE on the log to the application role, before any trigger', async () => {
    await record('test.role');
    await sealAll(app.db);
    const before = await verifyAuditChain(app.db);
    expect(before.ok).toBe(true);
    await expect(sql`DELETE FROM audit_log WHERE chain_pos > ${before.count - 3}`.execute(app.db)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      sql`UPDATE audit_log SET details = '{"forged": true}' WHERE chain_pos = 1`.execute(app.db),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`TRUNCATE audit_log`.execute(app.db)).rejects.toThrow(/permission denied/);
    // nor write an entry's time (backdating), number or place in the chain: only its content
    await expect(
      sql`INSERT INTO audit_log (action, at) VALUES ('test.backdated', '2020-01-01')`.execute(app.db),
    ).rejects.toThrow(/permission denied/);
    await expect(
      sql`INSERT INTO audit_log (action, chain_pos, prev_hash, hash) VALUES ('test.presealed', ${before.count + 1}, 'x', 'y')`.execute(
        app.db,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      sql`INSERT INTO audit_log (seq, action) VALUES (1, 'test.renumbered')`.execute(app.db),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM audit_anchors`.execute(app.db)).rejects.toThrow(/permission denied/);
    await expect(
      sql`INSERT INTO audit_anchors (chain_pos, seq, hash) VALUES (1, 1, 'forged')`.execute(app.db),
    ).rejects.toThrow(/permission denied/);
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, count: before.count });
  });

  it('refuses to switch the triggers off, drop or replace them, or replicate past them', async () => {
    await expect(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(app.db)).rejects.toThrow(
      /must be owner/,
    );
    await expect(sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(app.db)).rejects.toThrow(
      /must be owner|permission denied/,
    );
    await expect(sql`DROP TRIGGER audit_log_no_update ON audit_log`.execute(app.db)).rejects.toThrow(/must be owner/);
    await expect(
      sql`CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`.execute(
        app.db,
      ),
    ).rejects.toThrow(/must be owner|permission denied/);
    await expect(
      sql`ALTER TABLE audit_anchors DISABLE TRIGGER audit_anchors_no_update`.execute(app.db),
    ).rejects.toThrow(/must be owner/);
    await expect(sql`DROP TABLE audit_log`.execute(app.db)).rejects.toThrow(/must be owner/);
    await expect(sql`ALTER TABLE audit_log RENAME TO audit_log_old`.execute(app.db)).rejects.toThrow(/must be owner/);
    await expect(sql`SET session_replication_role = replica`.execute(app.db)).rejects.toThrow(/permission denied/);
    // granting itself more is a no-op (PostgreSQL only warns): DELETE stays refused
    await sql`GRANT DELETE ON audit_log TO grassroots_app`.execute(app.db).catch(() => undefined);
    await expect(sql`DELETE FROM audit_log`.execute(app.db)).rejects.toThrow(/permission denied/);
  });

  it("seals only after the head, through the owner's function", async () => {
    const head = (await verifyAuditChain(app.db)) as { ok: true; count: number };
    // re-sealing an early position (to graft a forged chain) is refused
    await expect(
      sql`SELECT audit_seal(ARRAY[1]::bigint[], ARRAY[1]::bigint[], ARRAY['0']::text[], ARRAY['x']::text[])`.execute(
        app.db,
      ),
    ).rejects.toThrow(/head/);
    await record('test.sealed_later');
    expect(await sealAll(app.db)).toBe(1);
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, count: head.count + 1 });
  });

  it('creates its role idempotently: other databases of the cluster migrating too is harmless', async () => {
    // roles are cluster-wide: every database cloned from the test template, or a second installation,
    // runs the same block against the one existing role
    const text = readFileSync(path.join(import.meta.dirname, '../db/migrations/022_audit_roles.sql'), 'utf8');
    const block = text.slice(text.indexOf('DO $$'), text.indexOf('END $$;') + 'END $$;'.length);
    await asOwner(app, async (owner) => {
      await Promise.all([sql.raw(block).execute(owner), sql.raw(block).execute(owner)]);
      await sql`SELECT grassroots_grant_app()`.execute(owner);
    });
    await expect(sql`DELETE FROM audit_log`.execute(app.db)).rejects.toThrow(/permission denied/);
    expect((await app.db.selectFrom('audit_log').select('seq').limit(1).execute()).length).toBe(1);
  });

  it('keeps the other tables writable: the application still works', async () => {
    const u = await app.db.selectFrom('users').select(['id', 'display_name']).limit(1).executeTakeFirstOrThrow();
    await app.db
      .updateTable('users')
      .set({ display_name: `${u.display_name}` })
      .where('id', '=', u.id)
      .execute();
    await expect(app.db.deleteFrom('sessions').where('user_id', '=', u.id).execute()).resolves.toBeDefined();
  });
});

describe("anchors of the chain's head reveal a truncated tail", () => {
  it('anchors the head on demand, once, in the table and the file', async () => {
    await sealAll(app.db);
    const chain = (await verifyAuditChain(app.db)) as { ok: true; count: number };
    const anchor = await anchorAuditChain(app.db, anchorsFile);
    expect(anchor).toMatchObject({ chainPos: chain.count });
    expect(await anchorAuditChain(app.db, anchorsFile)).toBeUndefined();
    expect(await fileAnchors(anchorsFile)).toEqual([{ ...anchor, source: 'audit-anchors.jsonl:1' }]);
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, count: chain.count, anchors: 1 });
  });

  it('anchors from the worker when the chain grew and time passed', async () => {
    await record('test.grown');
    await sealAll(app.db);
    expect(await anchorIfDue(app.db, anchorsFile)).toBeUndefined();
    const later = await anchorIfDue(app.db, anchorsFile, Date.now() + ANCHOR_EVERY_MS + 1000);
    expect(later).toMatchObject({ chainPos: ((await verifyAuditChain(app.db)) as { count: number }).count });
    expect(readFileSync(anchorsFile, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('fails when the owner deletes the last entries, naming where the chain breaks', async () => {
    await record('test.before_cut');
    await sealAll(app.db);
    const anchor = (await anchorAuditChain(app.db, anchorsFile))!;
    const clean = await verifyAuditChain(app.db);
    expect(clean).toMatchObject({ ok: true, count: anchor.chainPos });
    // the attack: the owner switches the trigger off and deletes the tail; what remains is a whole chain
    const cut = anchor.chainPos - 2;
    const lastKept = (
      await app.db
        .selectFrom('audit_log')
        .select('seq')
        .where('chain_pos', '=', cut - 1)
        .executeTakeFirstOrThrow()
    ).seq;
    // the break is reported at the earliest anchor the cut reaches (the previous test's, at the cut itself)
    const first = await app.db
      .selectFrom('audit_anchors')
      .select(['chain_pos', 'seq'])
      .where('chain_pos', '>=', cut)
      .orderBy('chain_pos')
      .limit(1)
      .executeTakeFirstOrThrow();
    const firstRemoved = (
      await app.db
        .selectFrom('audit_log')
        .select('seq')
        .where('chain_pos', '=', first.chain_pos)
        .executeTakeFirstOrThrow()
    ).seq;
    expect(first.seq).toBe(firstRemoved);
    await asOwner(app, async (owner) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(owner);
      await sql`DELETE FROM audit_log WHERE chain_pos >= ${cut}`.execute(owner);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(owner);
    });
    const r = await verifyAuditChain(app.db);
    expect(r).toMatchObject({ ok: false, count: cut - 1, brokenPos: cut, brokenSeq: first.seq });
    expect(!r.ok && r.reason).toMatch(
      new RegExp(
        `ends at position ${cut - 1} \\(entry ${lastKept}\\).*records ${first.chain_pos} entries ending with entry ${first.seq}.*truncated`,
      ),
    );

    // entries written afterwards grow the chain past the anchor again: the anchored hash no longer matches
    for (let i = 0; i < 4; i++) await record('test.after_cut');
    await sealAll(app.db);
    expect(await verifyAuditChain(app.db)).toMatchObject({
      ok: false,
      brokenPos: first.chain_pos,
      brokenSeq: first.seq,
      reason: expect.stringMatching(/rewritten/),
    });

    // an owner who also removes the anchors from the table is still caught by the anchors file
    await asOwner(app, async (owner) => {
      await sql`ALTER TABLE audit_anchors DISABLE TRIGGER audit_anchors_no_update`.execute(owner);
      await sql`DELETE FROM audit_anchors`.execute(owner);
      await sql`ALTER TABLE audit_anchors ENABLE TRIGGER audit_anchors_no_update`.execute(owner);
    });
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
    const fromFile = await fileAnchors(anchorsFile);
    const line = fromFile.findIndex((a) => a.chainPos === first.chain_pos) + 1;
    expect(line).toBeGreaterThan(0);
    const withFile = await verifyAuditChain(app.db, undefined, 5000, fromFile);
    expect(withFile).toMatchObject({
      ok: false,
      brokenPos: first.chain_pos,
      brokenSeq: first.seq,
      reason: expect.stringContaining(`(audit-anchors.jsonl:${line})`),
    });
  });
});
