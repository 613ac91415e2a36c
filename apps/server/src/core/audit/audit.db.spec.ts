import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { recordAudit, sealAll, verifyAuditChain } from './audit.ts';
import { asOwner as asOwnerOf } from './audit-owner.testkit.ts';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app?.close());
const asOwner = <T>(fn: Parameters<typeof asOwnerOf<T>>[1]) => asOwnerOf(app, fn);

describe('audit hash chain', () => {
  it('verifies the chain the seed and commands wrote, once sealed', async () => {
    const unsealed = await verifyAuditChain(app.db);
    expect(unsealed).toMatchObject({ ok: true, pending: expect.any(Number) });
    const sealed = await sealAll(app.db);
    expect(sealed).toBeGreaterThan(10);
    const r = await verifyAuditChain(app.db, undefined, 7);
    expect(r).toMatchObject({ ok: true, count: sealed, pending: 0 });
    expect(r).toMatchObject({ ok: true });
    expect(r.count).toBeGreaterThan(10);
  });

  it('keeps an entry only when its transaction commits', async () => {
    const before = await verifyAuditChain(app.db);
    await expect(
      app.db.transaction().execute(async (tx) => {
        await recordAudit(tx, { action: 'test.rolled_back' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await app.db
      .transaction()
      .execute((tx) => recordAudit(tx, { action: 'test.kept', details: { n: 1, nested: { b: 2, a: [1, 'x'] } } }));
    expect(await sealAll(app.db)).toBe(1);
    const after = await verifyAuditChain(app.db);
    expect(after).toMatchObject({ ok: true, count: before.count + 1 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the trigger, even to the owner, and any change but sealing', async () => {
    await app.db.transaction().execute((tx) => recordAudit(tx, { action: 'test.unsealed' }));
    await asOwner(async (owner) => {
      await expect(sql`UPDATE audit_log SET action = 'x'`.execute(owner)).rejects.toThrow(/append-only/);
      // an unsealed entry may be sealed, but not rewritten while being sealed
      await expect(
        sql`UPDATE audit_log SET action = 'forged', hash = 'x', chain_pos = 999999 WHERE hash IS NULL`.execute(owner),
      ).rejects.toThrow(/append-only/);
    });
    await sealAll(app.db);
    await asOwner(async (owner) => {
      await expect(sql`UPDATE audit_log SET chain_pos = chain_pos + 1000000`.execute(owner)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`DELETE FROM audit_log`.execute(owner)).rejects.toThrow(/append-only/);
      await expect(sql`TRUNCATE audit_log`.execute(owner)).rejects.toThrow(/append-only/);
    });
  });

  it('finds the first altered entry and the first removed one', async () => {
    await sealAll(app.db);
    // only the owner switching the trigger off can do this: exactly what the chain must reveal
    const victim = (
      await app.db
        .selectFrom('audit_log')
        .select('seq')
        .orderBy('chain_pos')
        .offset(3)
        .limit(1)
        .executeTakeFirstOrThrow()
    ).seq;
    await asOwner(async (owner) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(owner);
      await sql`UPDATE audit_log SET details = '{"forged": true}' WHERE seq = ${victim}`.execute(owner);
    });
    expect(await verifyAuditChain(app.db)).toMatchObject({
      ok: false,
      brokenSeq: victim,
      reason: expect.stringMatching(/altered/),
    });
    await asOwner((owner) => sql`DELETE FROM audit_log WHERE seq = ${victim}`.execute(owner));
    const next = (
      await app.db
        .selectFrom('audit_log')
        .select('seq')
        .where('chain_pos', '>', 4)
        .orderBy('chain_pos')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).seq;
    expect(await verifyAuditChain(app.db)).toMatchObject({
      ok: false,
      brokenSeq: next,
      reason: expect.stringMatching(/removed/),
    });
    await asOwner((owner) => sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(owner));
  });
});
