import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../test/helpers.ts';
import type { App } from '../compose.ts';
import { today } from '../core/time.ts';
import { seedAssistanceDemo } from './demo.assistance.ts';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

describe("the demo's social assistance", () => {
  it('enrols and pays two households, enrols a third from an online application unpaid until its account is checked, leaves one on notice and one online application waiting, through the real services', async () => {
    const lines: string[] = [];
    await seedAssistanceDemo(app, (m) => lines.push(m));
    const entitlements = await app.db
      .selectFrom('assistance_entitlements')
      .select(['id', 'programme', 'status', 'account_masked', 'account_verified_at'])
      .execute();
    const allowance = entitlements.filter((e) => e.programme === 'urbanMinimumAllowance');
    expect(allowance).toHaveLength(3);
    // the account typed online reached the entitlement unchecked, and the cycle paid only the checked two
    const unchecked = allowance.filter((e) => e.account_verified_at === null);
    expect(unchecked.map((e) => e.account_masked)).toEqual([expect.stringMatching(/4321$/)]);
    const paid = await app.db.selectFrom('payments').select(['status', 'entitlement_id']).execute();
    expect(paid.map((p) => p.status)).toEqual(['paid', 'paid']);
    expect(paid.map((p) => p.entitlement_id)).not.toContain(unchecked[0]!.id);
    expect(await app.assistance.portal.currentNotices()).toHaveLength(1);
    const waiting = await app.db
      .selectFrom('assistance_online_applications as a')
      .select('a.id')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('cases as c')
              .select('c.id')
              .whereRef(sql`c.data->>'onlineApplicationId'`, '=', sql`a.id::text`),
          ),
        ),
      )
      .execute();
    expect(waiting).toHaveLength(1);
    const funds = await app.assistance.funds.funds(
      await actorNamed(app, 'approver'),
      Number(today(app.clock).slice(0, 4)),
    );
    expect(funds.indicators[0]).toMatchObject({ shareOfRevenueOk: true, workingShareOk: true });
    const care = await app.db.selectFrom('care_beneficiaries').select('id').execute();
    expect(lines.at(-1)).toContain(`${care.length} preferential-care beneficiaries`);
  });
});
