import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../app.ts';
import { today } from '../../core/time.ts';
import { seedAssistanceDemo } from './demo.assistance.ts';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

describe('the demo\'s social assistance', () => {
  it('enrols and pays two households, leaves one on notice and one online application waiting, through the real services', async () => {
    const lines: string[] = [];
    await seedAssistanceDemo(app, (m) => lines.push(m));
    const entitlements = await app.db.selectFrom('assistance_entitlements').select(['programme', 'status']).execute();
    expect(entitlements.filter((e) => e.programme === 'urbanMinimumAllowance')).toHaveLength(2);
    const paid = await app.db.selectFrom('payments').select(['status']).execute();
    expect(paid.map((p) => p.status)).toEqual(['paid', 'paid']);
    expect(await app.assistance.portal.currentNotices()).toHaveLength(1);
    const pending = await app.db.selectFrom('assistance_online_applications').select('id').execute();
    expect(pending).toHaveLength(1);
    const funds = await app.assistance.funds.funds(await actorNamed(app, 'approver'), Number(today(app.clock).slice(0, 4)));
    expect(funds.indicators[0]).toMatchObject({ shareOfRevenueOk: true, workingShareOk: true });
    const care = await app.db.selectFrom('care_beneficiaries').select('id').execute();
    expect(lines.at(-1)).toContain(`${care.length} preferential-care beneficiaries`);
  });
});
