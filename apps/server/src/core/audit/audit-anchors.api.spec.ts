import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/api-client.ts';
import { testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { anchorAuditChain, anchorsFileOf } from './audit-anchors.ts';
import { asOwner } from './audit-owner.testkit.ts';
import { sealAll } from './audit.ts';

let app: App;
let api: ApiClient;
beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('GET /audit/verify', () => {
  it('reports a tail cut by the owner, from the anchors file even when the anchors table was emptied too', async () => {
    const auditor = await api.login('auditor');
    await sealAll(app.db);
    const anchor = (await anchorAuditChain(app.db, anchorsFileOf(app.config.DATA_DIR)))!;
    expect((await api.call(auditor, 'GET', '/api/v1/audit/verify')).json()).toMatchObject({
      ok: true,
      count: anchor.chainPos,
    });
    await asOwner(app, async (owner) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(owner);
      await sql`DELETE FROM audit_log WHERE chain_pos >= ${anchor.chainPos - 1}`.execute(owner);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(owner);
      await sql`ALTER TABLE audit_anchors DISABLE TRIGGER audit_anchors_no_update`.execute(owner);
      await sql`DELETE FROM audit_anchors`.execute(owner);
      await sql`ALTER TABLE audit_anchors ENABLE TRIGGER audit_anchors_no_update`.execute(owner);
    });
    const r = (await api.call(auditor, 'GET', '/api/v1/audit/verify')).json();
    expect(r).toMatchObject({
      ok: false,
      brokenSeq: anchor.seq,
      brokenPos: anchor.chainPos - 1,
      reason: expect.stringMatching(/audit-anchors\.jsonl:1.*truncated/),
    });
  });
});
