import { createHash } from 'node:crypto';
import { canonicalJson } from '../apps/server/src/core/audit/canonical.ts';
import { entryHash, GENESIS_HASH, sealAll, verifyAuditChain } from '../apps/server/src/core/audit/audit.ts';
import { benchApp, type DbKind, freshDatabase, log, type Measurement, SCALES, type Scale, timed } from './lib.ts';
import { sql } from 'kysely';
import { asOwner } from '../apps/server/src/core/db/app-role.ts';

/** Verify a chain of N entries against SM3 over the same bytes in a tight loop. */
export async function auditBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const n = SCALES[scale].auditEntries;
  const app = await benchApp(await freshDatabase(db, `audit_${scale}`));
  // the chain as commands would have written it, built here in bulk
  await sealAll(app.db);
  const start = await app.db
    .selectFrom('audit_log')
    .select(['seq', 'hash', 'chain_pos'])
    .orderBy('chain_pos', 'desc')
    .limit(1)
    .executeTakeFirst();
  let prev = start?.hash ?? GENESIS_HASH;
  let seq = Number((await sql<{ n: number }>`SELECT nextval('audit_log_seq')::int AS n`.execute(app.db)).rows[0]!.n);
  let pos = start?.chain_pos ?? 0;
  const bytes: Buffer[] = [];
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let done = 0; done < n; done += 5000) {
    const rows = [];
    for (let i = 0; i < Math.min(5000, n - done); i++, seq++) {
      const row = {
        seq,
        at: new Date(t0 + seq * 1000),
        actor_id: null,
        actor_name: `user${seq % 500}`,
        action: seq % 3 ? 'case.act' : 'auth.login',
        target_type: 'case',
        target_id: `c-${seq % 100000}`,
        division_code: '140882001001',
        ip: '10.0.0.1',
        details: { number: `SQ-2026-${String(seq).padStart(6, '0')}`, action: 'accept', version: seq % 9 },
      };
      // socket_ip stays out of the inserted rows: one more column would pass PostgreSQL's 65535 parameters
      const hash = entryHash(prev, { ...row, socket_ip: null });
      bytes.push(Buffer.from(`${prev}\n${canonicalJson({ ...row, at: row.at.toISOString() })}`));
      rows.push({ ...row, details: JSON.stringify(row.details), prev_hash: prev, hash, chain_pos: ++pos });
      prev = hash;
    }
    // a ready-made sealed history: only the owner may write numbers, times and chain positions
    const sealed = rows;
    await asOwner(app.database, app.config, (o) => o.db.insertInto('audit_log').values(sealed).execute());
    if ((done / 5000) % 20 === 0) log(`audit: ${done + rows.length} entries`);
  }
  await sql`SELECT setval('audit_log_seq', ${seq})`.execute(app.db);
  await verifyAuditChain(app.db); // warm the cache
  const ours = await timed(() => verifyAuditChain(app.db));
  const baseline = await timed(async () => {
    let h = '';
    for (const b of bytes) h = createHash('sm3').update(b).digest('hex');
    return h;
  });
  await app.close();
  if (!ours.result.ok) throw new Error('chain did not verify');
  const oursRate = ours.result.count / (ours.ms / 1000);
  const baseRate = bytes.length / (baseline.ms / 1000);
  return [
    {
      name: 'audit verify',
      db,
      scale,
      work: `${ours.result.count.toLocaleString('en')} chained entries`,
      ours: { value: Math.round(oursRate), unit: 'entries/s', detail: { seconds: +(ours.ms / 1000).toFixed(2) } },
      baseline: {
        value: Math.round(baseRate),
        unit: 'entries/s',
        what: 'SM3 over the same bytes in a tight loop',
        detail: { seconds: +(baseline.ms / 1000).toFixed(2) },
      },
      ratio: +(oursRate / baseRate).toFixed(3),
      goal: '≥ 0.5 of the baseline',
      met: oursRate / baseRate >= 0.5,
    },
  ];
}
